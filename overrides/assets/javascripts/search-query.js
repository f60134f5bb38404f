// What a reader types, rewritten into the query Material's search worker matches as it should, and
// the worker's result shaped back for the reader. Pure functions, no DOM: search-boot.js calls them on
// the messages it passes to and from the worker.
//
// Material's worker (9.8) appends `*` to every word, and cuts every run of Chinese characters with its
// own greedy segmenter, which never tries a piece that ends at the run's last character: 滚动更新
// becomes 滚动* 更, 一直 becomes 一. So the query is segmented here, with the index's own words (the
// vocabulary jieba gave the index at build time, glossary terms included), and every Chinese word is
// handed over in a form the worker's segmenter gives back whole:
//   - a word of the index, followed by SENTINEL, a Chinese character that never occurs in the book
//     (the build checks this): the segmenter then tries the whole word, keeps it, drops the sentinel;
//   - any other piece bare, when no shorter start of it is a word of the index (then the segmenter
//     leaves it alone).
// A word goes over twice: exactly, boosted, and with the worker's trailing *, so that a section full
// of longer words that merely start with it (pod* -> podReadyToStartContainers, podAntiAffinity…) does
// not outrank one that says the word itself. English words also go over in the other forms the book
// uses (probe/probes, request/requests, policy/policies). A Chinese word that jieba left whole in only a
// sentence or two of the book (域名解析) goes over with its parts too (域名, 解析), which the book writes.
(function (root) {
  "use strict";

  var SENTINEL = "\u3400"; // keep in step with hooks/handbook/searchindex.py
  var HAN = /\p{Script=Han}/u;
  var HAN_OR_OTHER = /\p{Script=Han}+|[^\p{Script=Han}]+/gu;
  var DIGITS = /^\d+$/;
  // kube-proxy, spec.nodeName, kube-state-metrics: the index holds their parts (lunr's query parser
  // would split them at the hyphen anyway); the parts found side by side rank higher (phraseBonus).
  var COMPOUND = /^[a-z][a-z0-9]*(?:[-.][a-z0-9]+)+$/;
  var EXACT = "^1"; // a neutral boost: the worker adds no `*` to a word that has one
  var EXACT_BOOST = "^10";
  var SINGLE_EXACT = "^3"; // a single character as typed: three times its prefix matches (integers only:
  // lunr reads a boost as a run of digits, and the separator would cut a decimal point)
  var SYNONYM_BOOST = "^3"; // a book's word for a reader's word the book also writes: below the word typed
  var PHRASE_BONUS = 1; // per further word of the longest run of query words found side by side
  var SHOWN_SECTIONS = 3; // at most this many sections of a page shown unfolded…
  var NEARLY_AS_GOOD = 0.25; // …when they score at least a quarter as much as the best one
  // Words that carry no meaning of their own in a query, question words included: answers rarely
  // repeat them, and each would show as 缺少 under every result. Dropped unless nothing else is left.
  var CHINESE_FILLERS = new Set(
    ("的 地 得 了 着 过 吗 呢 吧 啊 呀 和 与 及 或 是 在 把 被 就 都 也 还 又 很 个 之 " +
      "怎么 怎样 怎么样 如何 什么 为什么 为何 哪些 哪个 哪里 哪 是否 能否 可以").split(" ")
  );
  // Nouns a question is phrased with (X 的原理, A 和 B 的区别): searched, but weakly (QUESTION_NOUN_BOOST), so
  // that a title holding only them (Deployment 与 StatefulSet 的区别) does not outrank the section about X.
  var QUESTION_NOUNS = new Set(
    "区别 不同 原理 原因 作用 用途 机制 流程 含义 意思 用法 场景 方法 办法 步骤 关系 对比 比较 优缺点 影响".split(" ")
  );
  var QUESTION_NOUN_BOOST = "^2";
  var ENGLISH_FILLERS = new Set(
    ("a an and are as at be been by do does for from has have how in into is it its of on or that the " +
      "their this to was were what when where which who why will with").split(" ")
  );
  var SEGMENT_LIMIT = 12; // longest word tried when segmenting (characters)

  // The index's vocabulary: every token of every document, as the worker's tokenizer makes them
  // (markup removed, split at the configured separator, lower case), and every start of a Chinese one;
  // with the reader words the build put in the index (docs/search/synonyms.yml: a word readers type ->
  // the words the book writes instead).
  function vocabulary(docs, separator, synonyms) {
    var words = new Set();
    var counts = new Map(); // how often the book writes each word
    var docFreq = new Map(); // how many sections (index documents) hold each word
    var starts = new Set();
    var split = new RegExp(separator, "g");
    docs.forEach(function (doc) {
      var inDoc = new Set();
      [doc.title, doc.text, doc.keywords, doc.questions].forEach(function (field) {
        if (!field) return;
        field.replace(/<[^>]*>/g, " ").split(split).forEach(function (token) {
          if (!token) return;
          token = token.toLowerCase();
          counts.set(token, (counts.get(token) || 0) + 1);
          if (!inDoc.has(token)) {
            inDoc.add(token);
            docFreq.set(token, (docFreq.get(token) || 0) + 1);
          }
          if (words.has(token)) return;
          words.add(token);
          if (HAN.test(token)) {
            var chars = Array.from(token);
            for (var end = 1; end < chars.length && end <= SEGMENT_LIMIT; end++) starts.add(chars.slice(0, end).join(""));
          }
        });
      });
    });
    var readerWords = new Map();
    Object.keys(synonyms || {}).forEach(function (reader) {
      var book = synonyms[reader];
      if (Array.isArray(book)) readerWords.set(reader, book.filter(function (word) { return typeof word === "string"; }));
    });
    return { words: words, counts: counts, docFreq: docFreq, docCount: docs.length, starts: starts, separator: new RegExp(separator, "g"), synonyms: readerWords };
  }

  // Would the worker's segmenter cut this piece? Only when a shorter start of it is a word of the index.
  function cutByWorker(chars, vocab) {
    for (var end = 1; end < chars.length; end++) if (vocab.words.has(chars.slice(0, end).join(""))) return true;
    return false;
  }

  // The cheapest split of a run of Chinese characters: fewest pieces, where a piece is a word of the
  // index or a filler (cost 2), the start of one that the worker leaves whole (3: what a reader is still typing),
  // or a single character the index does not know (5). Between splits of equal cost, the one of words the
  // book writes more often wins (副本 + 能, not 副 + 本能): each word costs a little less the more often it
  // occurs, never enough to outweigh a piece more or less.
  var OFTEN = 0.001; // per natural log of a word's count: at most ~0.01 per word, below 1 for any query
  function segment(run, vocab, partsOnly) {
    var chars = Array.from(run);
    var cost = [0];
    var from = [0];
    for (var end = 1; end <= chars.length; end++) {
      cost[end] = Infinity;
      for (var start = Math.max(0, end - SEGMENT_LIMIT); start < end; start++) {
        var piece = chars.slice(start, end);
        var word = piece.join("");
        var price = partsOnly && piece.length === chars.length
          ? Infinity // the parts of a word, not the word itself
          : vocab.words.has(word) || CHINESE_FILLERS.has(word) || vocab.synonyms.has(word)
            ? 2 - OFTEN * Math.log(1 + (vocab.counts.get(word) || 0))
            : vocab.starts.has(word) && !cutByWorker(piece, vocab)
              ? 3
              : piece.length === 1
                ? 5
                : Infinity;
        if (cost[start] + price < cost[end]) {
          cost[end] = cost[start] + price;
          from[end] = start;
        }
      }
    }
    var pieces = [];
    for (var at = chars.length; at > 0; at = from[at]) pieces.unshift(chars.slice(from[at], at).join(""));
    return pieces;
  }

  // The forms of an English word that the book uses (singular and plural), and the longest start they
  // share, which the worker's trailing * extends to all of them: probes -> [probe, probes], "probe".
  function englishForms(word, vocab) {
    var candidates = [word];
    if (word.length > 3 && /^[a-z]+s$/.test(word) && !/(ss|us|is)$/.test(word)) {
      if (/ies$/.test(word)) candidates.push(word.slice(0, -3) + "y");
      if (/(s|sh|ch|x|z)es$/.test(word)) candidates.push(word.slice(0, -2));
      candidates.push(word.slice(0, -1));
    } else if (/^[a-z]{3,}$/.test(word)) {
      candidates.push(word + "s", word + "es");
      if (/[^aeiou]y$/.test(word)) candidates.push(word.slice(0, -1) + "ies");
    }
    var forms = candidates.filter(function (form) { return vocab.words.has(form); });
    if (!forms.length) return { forms: [], stem: word };
    var stem = forms.reduce(function (shared, form) {
      var length = 0;
      while (length < shared.length && shared[length] === form[length]) length++;
      return shared.slice(0, length);
    });
    return { forms: forms, stem: stem.length >= 3 ? stem : word };
  }

  // Rewrite a query as typed: { query: for the worker, labels: {worker's word: the word as typed},
  // weights: {word as typed: how much it says, the inverse share of the index's sections that hold it} }.
  function rewrite(query, vocab) {
    var terms = [];
    var fillers = [];
    var labels = {};
    var seen = new Set();
    var rarest = { terms: new Map(), fillers: new Map() }; // per typed word sent: fewest sections holding it
    function add(list, label, words) {
      var sent = rarest[list === terms ? "terms" : "fillers"];
      words.forEach(function (pair) {
        labels[pair[1]] = label;
        // A form the index lacks (the shared start of probe/probes) says nothing about how rare the word is.
        var held = vocab.docFreq.has(label) ? vocab.docFreq.get(label) : vocab.docFreq.get(pair[1]);
        sent.set(label, Math.min(sent.has(label) ? sent.get(label) : Infinity, held === undefined ? Infinity : held));
        if (!seen.has(pair[0])) {
          seen.add(pair[0]);
          list.push(pair[0]);
        }
      });
    }
    // Material's convention: words in quotes must all occur (a leading + on each).
    String(query).normalize("NFKC").toLowerCase().split('"').forEach(function (part, index) {
      var quoted = index % 2 === 1;
      part.split(/\s+/).forEach(function (chunk) {
        var bare = chunk.replace(/^[-+]+/, "").replace(/[.,;:!?)]+$/, "");
        var compound = COMPOUND.test(bare);
        chunk.split(vocab.separator).forEach(function (token) {
          (token.match(HAN_OR_OTHER) || []).forEach(function (piece) {
            if (HAN.test(piece)) {
              segment(piece, vocab).forEach(function (word) {
                add(CHINESE_FILLERS.has(word) ? fillers : terms, word, chineseTerms(word, vocab, quoted));
                if (!quoted) add(terms, word, synonymTerms(word, vocab));
                if (!quoted) add(terms, word, partTerms(word, vocab));
              });
            } else if (DIGITS.test(piece)) {
              add(terms, piece, [[quoted ? "+" + piece : piece + EXACT, piece]]);
            } else if (quoted) {
              add(terms, piece, [["+" + piece + "*", piece]]);
            } else if (compound) {
              add(terms, bare, [[piece + EXACT_BOOST, piece], [piece, piece]]);
            } else {
              var filler = ENGLISH_FILLERS.has(piece) || piece.length === 1;
              var unwritten = vocab.synonyms.has(piece) && !vocab.words.has(piece);
              if (!unwritten) add(filler ? fillers : terms, piece, englishTerms(piece, vocab));
              add(terms, piece, synonymTerms(piece, vocab));
            }
          });
        });
      });
    });
    var weights = {};
    (terms.length ? rarest.terms : rarest.fillers).forEach(function (fewest, label) {
      var held = fewest === Infinity ? 0 : fewest;
      weights[label] = Math.log(1 + (vocab.docCount - held + 0.5) / (held + 0.5));
    });
    return { query: (terms.length ? terms : fillers).join(" "), labels: labels, weights: weights };
  }

  // [term for the worker, the word the worker reports it as] for one Chinese word.
  function chineseTerms(word, vocab, required) {
    // A reader word the book never writes is searched by the book's words alone (synonymTerms): given to
    // the worker it would be cut into pieces that match nothing.
    if (!vocab.words.has(word) && vocab.synonyms.has(word) && !required) return [];
    if (!vocab.words.has(word)) return [[(required ? "+" : "") + word, word]];
    if (required) return [["+" + word + SENTINEL, word]];
    // A single character would match every word that starts with it (挂 -> 挂载): it is matched exactly,
    // and as the start of a longer word only weakly, for the reader who types one character where the
    // book writes two (丢 for 丢失, 签 for 签发, 小 for 小巧).
    if (Array.from(word).length === 1) return [[word + SENTINEL + SINGLE_EXACT, word], [word, word]];
    if (QUESTION_NOUNS.has(word)) return [[word + SENTINEL + QUESTION_NOUN_BOOST, word]];
    return [[word + SENTINEL + EXACT_BOOST, word], [word + SENTINEL, word]];
  }

  // [term for the worker, the word it reports] for the book's words that stand for a reader's word, each
  // matched exactly; the worker reports them under the reader's word (labels). When the book writes the
  // reader's word too (迁移 also names CSI migration), they weigh less than it; when it never does, they
  // are the only way to what the reader means and weigh as a word typed.
  function synonymTerms(word, vocab) {
    var boost = vocab.words.has(word) ? SYNONYM_BOOST : EXACT_BOOST;
    return (vocab.synonyms.get(word) || []).map(function (bookWord) {
      return [(HAN.test(bookWord) ? bookWord + SENTINEL : bookWord) + boost, bookWord];
    });
  }

  // A word the book seldom writes as one (jieba cut 域名解析, 很慢 or 副本数是 so in a sentence or two)
  // whose parts it writes far more often, each on its own (域名 + 解析, 慢, 副本 + 数): the parts are
  // searched too, each as a word of the book for the reader's word (labels), below the word typed; so are
  // the parts' own reader words (变慢 -> 慢 -> 延迟).
  var RARE_WHOLE = 4; // the whole is rare when each part occurs at least this many times as often
  function partTerms(word, vocab) {
    var chars = Array.from(word);
    if (chars.length < 2 || CHINESE_FILLERS.has(word) || !vocab.words.has(word)) return [];
    var parts = segment(word, vocab, true).filter(function (part) { return !CHINESE_FILLERS.has(part); });
    if (!parts.length || parts.some(function (part) { return !vocab.words.has(part); })) return [];
    var whole = vocab.counts.get(word) || 0;
    var rare = parts.every(function (part) { return (vocab.counts.get(part) || 0) >= RARE_WHOLE * Math.max(whole, 1); });
    if (!rare) return [];
    return parts.reduce(function (found, part) {
      var bookWords = (vocab.synonyms.get(part) || []).map(function (bookWord) {
        return [(HAN.test(bookWord) ? bookWord + SENTINEL : bookWord) + SYNONYM_BOOST, bookWord];
      });
      return found.concat([[part + SENTINEL + SYNONYM_BOOST, part]], bookWords);
    }, []);
  }

  function englishTerms(word, vocab) {
    var found = englishForms(word, vocab);
    return found.forms
      .map(function (form) { return [form + EXACT_BOOST, form]; })
      .concat([[found.stem, found.stem]]);
  }

  // The worker's result, shaped for the reader:
  // - found and missing words (Material shows the missing ones as 缺少) are counted per page, not per
  //   section, and given as the reader typed them, whatever forms of a word were searched: a word is
  //   missing only when the page lacks it;
  // - within a page, its best section comes before the page's own entry (title and first paragraphs),
  //   so Material shows that section with its snippet instead of folding it away under "N more on this
  //   page"; the page's title still heads the result;
  // - a section's score is scaled by the share of the query's weight it holds (coverage);
  // - query words found side by side (phraseBonus) raise a section, and its page with it;
  // - a section whose title holds only words of its page's title ranks lower within the page;
  // - a glossary entry never comes before the section that explains its term.
  function refine(result, labels, weights) {
    if (!result || !Array.isArray(result.items)) return result;
    var groups = result.items.map(function (group) {
      var onPage = {};
      var docs = group.map(function (doc) {
        var terms = {};
        Object.keys(doc.terms || {}).forEach(function (term) {
          var label = labels[term] || term;
          terms[label] = terms[label] === true || doc.terms[term] === true;
          onPage[label] = onPage[label] === true || terms[label];
        });
        return Object.assign({}, doc, { terms: terms, score: doc.score * phraseBonus(doc) * coverage(terms, weights) });
      });
      docs.forEach(function (doc) {
        Object.keys(doc.terms).forEach(function (label) { doc.terms[label] = onPage[label]; });
      });
      var rank = Math.max.apply(null, docs.map(function (doc) { return doc.score; }));
      var article = docs.find(function (doc) { return doc.location.indexOf("#") < 0; });
      echoOfPageTitle(docs, article);
      var best = docs.reduce(function (top, doc) {
        return doc !== article && doc.score > 0 && (!top || doc.score > top.score) ? doc : top;
      }, null);
      if (article && best && article.score >= best.score) article.score = best.score * 0.999;
      docs.sort(function (a, b) { return b.score - a.score; });
      // Material shows the sections that tie with the best one; those nearly as good are shown too. The
      // page's entry is not one of them: it heads the result anyway.
      docs.filter(function (doc) { return doc !== article; }).slice(1, SHOWN_SECTIONS).forEach(function (doc) {
        if (best && doc.score >= best.score * NEARLY_AS_GOOD) doc.score = best.score;
      });
      return { rank: rank, docs: docs };
    });
    // A glossary entry defines a term in a sentence; the section it links to (`explains`, set by the
    // build) explains it: when both are found, the section's page comes first.
    groups.forEach(function (group) {
      var explains = group.docs[0].explains;
      var explaining = explains && groups.find(function (other) {
        return other.docs.some(function (doc) { return doc.location === explains; });
      });
      if (explaining && explaining !== group && explaining.rank <= group.rank) group.rank = explaining.rank * 0.999;
    });
    groups.sort(function (a, b) { return b.rank - a.rank; });
    return Object.assign({}, result, { items: groups.map(function (group) { return group.docs; }) });
  }

  // How much of the query a section holds: the share of the query's weight in the words it holds, each
  // word weighing its inverse document frequency (rewrite: rarer words say more about what is asked).
  // Lunr adds up what each word scores, so a section whose title holds the page's subject (hpa, pvc)
  // outscored the one that holds the rest of the question (缩容, 数据库 连接): the score is scaled by it.
  function coverage(terms, weights) {
    if (!weights) return 1;
    var total = 0;
    var held = 0;
    Object.keys(weights).forEach(function (label) {
      total += weights[label];
      if (terms[label] === true) held += weights[label];
    });
    return total > 0 ? held / total : 1;
  }

  // A section's title matched only by words of its page's title (pvc in 「PV 与 PVC 的阶段」 on the page
  // 「PV、PVC 与 StorageClass」) says what the page is about, not what this section answers; with the title
  // boost it would still outweigh the section that holds the rest of the question. Such a section's
  // score is scaled by ECHO within its page; the page's rank is left as it was.
  var ECHO = 0.5;
  function markedWords(html) {
    return new Set(((html || "").match(MARK) || []).map(function (mark) { return mark.replace(MARK, "$1").toLowerCase(); }));
  }
  function echoOfPageTitle(docs, article) {
    if (!article) return;
    var pageWords = markedWords(article.title);
    if (!pageWords.size) return;
    docs.forEach(function (doc) {
      if (doc === article) return;
      var words = Array.from(markedWords(doc.title));
      if (words.length && words.every(function (word) { return pageWords.has(word); })) doc.score *= ECHO;
    });
  }

  // Words of the query that stand next to each other in a section, as typed (too old resource version,
  // 三种模式对比, helm upgrade --install), make it a better match than the same words scattered: the
  // worker marks every word it found in the title and in the snippet, so runs of marks show this.
  var MARK_RUN = /<mark>[^<]*<\/mark>(?:[\s\u200b\p{P}\p{S}]*<mark>[^<]*<\/mark>)+/gu;
  var MARK = /<mark>([^<]*)<\/mark>/g;
  function phraseBonus(doc) {
    var longest = 1;
    [doc.title || "", doc.text || ""].forEach(function (field) {
      (field.match(MARK_RUN) || []).forEach(function (run) {
        var words = new Set((run.match(MARK) || []).map(function (mark) { return mark.toLowerCase(); }));
        longest = Math.max(longest, words.size);
      });
    });
    return 1 + PHRASE_BONUS * (longest - 1);
  }

  root.HBSearchQuery = {
    SENTINEL: SENTINEL,
    vocabulary: vocabulary,
    segment: segment,
    englishForms: englishForms,
    rewrite: rewrite,
    refine: refine,
  };
})(typeof self !== "undefined" ? self : this);
