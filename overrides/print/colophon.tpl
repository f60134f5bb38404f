{#- The colophon that closes the print page, the PDF and the EPUB (rendered by hooks/print_hook.py). -#}
{%- set repo = (config.repo_url or "").rstrip("/") -%}
<dl class="hb-colophon__facts">
  <dt>书名</dt>
  <dd>{{ config.site_name }}</dd>
  <dt>版本</dt>
  <dd>{{ config.extra.book_version or "未标注（不在 git 仓库中构建）" }}，构建于 {{ config.extra.build_date }}</dd>
  <dt>核对依据</dt>
  <dd>书中的事实都对照 Kubernetes v{{ config.extra.k8s_version }} 的 kubernetes.io 官方文档核对；原始笔记中的错误与过时说法汇总在「原笔记勘误」。</dd>
  <dt>在线阅读</dt>
  <dd><a href="{{ config.site_url }}">{{ config.site_url }}</a>（内容最新，含搜索、面试题库与自测模式）</dd>
  {%- if repo %}
  <dt>报告错误</dt>
  <dd>发现错误、过时的说法或排版问题，请在 <a href="{{ repo }}/issues">{{ repo }}/issues</a> 提交问题，写明版本、章节与页码，最好附上你核对过的官方文档链接。</dd>
  <dt>源代码</dt>
  <dd><a href="{{ repo }}">{{ repo }}</a></dd>
  {%- endif %}
  <dt>许可</dt>
  <dd>正文以知识共享 署名—相同方式共享 4.0 国际许可协议（CC BY-SA 4.0）发布，代码以 MIT 许可发布。</dd>
  <dt>作者</dt>
  <dd>{{ config.site_author }}</dd>
  <dt>制作</dt>
  <dd>由 MkDocs 与 Material for MkDocs 从 Markdown 源文件生成；图由 Mermaid 绘制；PDF 由 Chromium 排版，中文字体为 Noto Sans CJK SC（SIL Open Font License）。</dd>
</dl>
