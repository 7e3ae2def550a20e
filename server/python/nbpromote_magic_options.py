"""Split a magic's options from the statement after them, as IPython's parse_options does.

IPython hands `%timeit -n 50 KMeans(...).fit(X)` to getopt with the option string
'n:r:tcp:qov:' and keeps the rest of the line, untouched, as the statement: options come
first, `--` ends them, and the first word that is not an option starts the statement.
"""

import re

WORD = re.compile(r'\S+')


def split_options(arg_str, spec, longs=(), strict=None):
    """Returns (options, statement, error).

    `spec` is getopt's short option string ('n:' takes a value); `longs` are long flags.
    With `strict` (the default when there are short options, as with getopt) an unknown
    option is an error; otherwise (argparse's partial parsing, as %time uses) it starts the
    statement.
    """
    if strict is None:
        strict = bool(spec)
    takes_value = {c for i, c in enumerate(spec) if c != ':' and spec[i + 1:i + 2] == ':'}
    flags = {c for c in spec if c != ':'} - takes_value
    words = list(WORD.finditer(arg_str))
    opts = {}
    i = 0
    while i < len(words):
        word = words[i].group()
        if word == '--':
            i += 1
            break
        if word.startswith('--'):
            name = word[2:]
            if name in longs:
                opts[name] = True
                i += 1
                continue
            if strict:
                return opts, '', f'option {word} not recognized'
            break
        if not word.startswith('-') or word == '-':
            break
        letters = word[1:]
        if not strict and not all(c in flags or c in takes_value for c in letters[:1]):
            break
        j = 0
        while j < len(letters):
            c = letters[j]
            if c in takes_value:
                value = letters[j + 1:]
                if not value:
                    i += 1
                    if i >= len(words):
                        return opts, '', f'option -{c} requires a value'
                    value = words[i].group()
                opts[c] = value
                break
            if c in flags:
                opts[c] = True
                j += 1
                continue
            return opts, '', f'option -{c} not recognized'
        i += 1
    statement = arg_str[words[i].start():] if i < len(words) else ''
    return opts, statement, None
