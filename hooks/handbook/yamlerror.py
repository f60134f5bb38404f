"""Where a YAML error is, for a `file:line` problem.

PyYAML marks where it noticed the error, which for an unclosed `[`, `{` or quote is the line after the
culprit (or the end of the file); its context mark, for those, is where the unclosed thing opened.
"""


def located(error, first_line=1):
    """(line, message) of a yaml.MarkedYAMLError; first_line is the file line the YAML text starts on."""
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None) or ""
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    opened = context_mark is not None and ("flow" in context or "quoted" in context)
    mark = context_mark if opened else problem_mark or context_mark
    line = mark.line + first_line if mark else first_line
    if opened:
        problem += f" (the {context.removeprefix('while parsing a ').removeprefix('while scanning a ')} opened here"
        problem += ")" if problem_mark is None else f" is still open at line {problem_mark.line + first_line})"
    return line, problem
