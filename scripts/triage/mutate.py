#!/usr/bin/env python3
"""scripts/triage/mutate.py - mutation recall of pqlint's leak rules on a triage corpus (run by mutate.sh).

Deletes one `PQclear(x);` / `PQfinish(x);` statement at a time (replaced by `;`, so line numbers
stay) in a copy of each corpus file, runs pqlint (`--enable conn-leak,result-leak`) on the mutant
alone (repmgr's files together with dbutils.c, as docs/triage-debian.md did), and compares with the
same run of the unmutated file. With `--scope package` the mutant is analysed with all the files of
its package instead (the run's FILES of the set, the mutant in place of its original), with one
pass-1 cache for the whole mutation run, so only the mutant is parsed again: a whole-program run
as a user's CI makes it. Each deletion gets one outcome:
  found         a new leak finding names the deleted handle (or, when the handle is a parameter of
                the function or *p of one, any new leak finding: the caller's variable at the
                caller's exit); with --scope package also any new leak finding in another file of
                the package (only the mutant changed, so the deletion caused it)
  exit-follows  the statements after the deletion reach a noreturn call before any return, brace,
                break, goto or control statement (no leak is created; left out)
  masked        not found, and the unmutated run already reports a leak of that handle at or after
                the deleted line (a new finding cannot appear; left out)
  missed        anything else
and one class, by where the handle lives: local, field (x->f, x.f, x[i], *expr), global
(file-scope), outparam (*p of a parameter p), param (a parameter released by the helper).
Prints recall overall and per class and per package; writes one TSV line per deletion.
"""
import argparse, json, os, re, shutil, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor

STMT = re.compile(r'(^|[;{}]|\)|\belse\b)(\s*)(PQ(?:clear|finish))\s*\(([^;]*)\)\s*;', re.M)
NORETURN = re.compile(r'^(exit|_exit|_Exit|quick_exit|abort|pthread_exit|longjmp|siglongjmp|'
                      r'__assert_fail|__builtin_unreachable|__builtin_trap|err|errx|verr|verrx|'
                      r'pg_fatal|exit_nicely|proc_exit|die|xalloc_die|terminate|PG_RE_THROW|'
                      r'pg_re_throw)$')
ELOG_ERROR = re.compile(r'^(ereport|elog)\s*\(\s*(ERROR|FATAL|PANIC)\b')
CONTROL = {'return', 'break', 'continue', 'goto', 'if', 'else', 'for', 'while', 'do', 'switch',
           'case', 'default'}
KEYWORDS = CONTROL | {'sizeof', 'typeof', 'return'}
# The packages of docs/triage-debian.md's recall table (dovecot and freeradius were not in it).
DEFAULT_RUNS = ('repmgr,postgis,kamailio,pgpool2,collectd,postfix,exim,libdbi,pgbackrest,zabbix,'
                'apr-util,proftpd,gammu,pglogical-backend,pglogical-frontend,libgda5')


def strip_code(text):
    """Returns text with comments and string/char literals blanked (same length, newlines kept)."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            for k in range(i, j):
                if out[k] != '\n':
                    out[k] = ' '
            i = j
        elif text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            for k in range(i, j):
                out[k] = ' '
            i = j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            for k in range(i + 1, min(j, n)):
                out[k] = ' '
            i = j + 1
        else:
            i += 1
    return ''.join(out)


def header_before(code, i):
    """Returns (name, params_text) of the function header that ends right before the `{` at i
    (`name(params)`, maybe followed by words), or None. Scans backwards over balanced
    parentheses: linear, no regex (the regex this replaces, run over the 2000 characters before
    each brace, backtracked catastrophically: `(?:\\w+\\s*)*$` splits a word in 2^n ways)."""
    j = i - 1
    while j >= 0 and code[j] in ' \t\r\n':
        j -= 1
    while j >= 0 and (code[j].isalnum() or code[j] == '_'):
        while j >= 0 and (code[j].isalnum() or code[j] == '_'):
            j -= 1
        while j >= 0 and code[j] in ' \t\r\n':
            j -= 1
    if j < 0 or code[j] != ')':
        return None
    end, depth = j, 0
    while j >= 0:
        if code[j] == ')':
            depth += 1
        elif code[j] == '(':
            depth -= 1
            if depth == 0:
                break
        elif code[j] in ';{}':
            return None
        j -= 1
    if j < 0:
        return None
    params = code[j + 1:end]
    j -= 1
    while j >= 0 and code[j] in ' \t\r\n':
        j -= 1
    k = j
    while k >= 0 and (code[k].isalnum() or code[k] == '_'):
        k -= 1
    name = code[k + 1:j + 1]
    if not name or name in KEYWORDS or name[0].isdigit():
        return None
    return name, params


def functions(code):
    """Returns [(name, params_text, body_start, body_end)] of the top-level function bodies of
    stripped code (a `{` at depth 0 preceded by `name(...)`)."""
    res, depth, i, n = [], 0, 0, len(code)
    start = None
    while i < n:
        c = code[i]
        if c == '{':
            if depth == 0:
                h = header_before(code, i)
                start = (h[0], h[1], i) if h else None
            depth += 1
        elif c == '}':
            depth -= 1
            if depth == 0 and start:
                res.append((start[0], start[1], start[2], i))
                start = None
            depth = max(depth, 0)
        i += 1
    return res


def declared(name, text):
    """True when text declares `name` (a type word or `*` right before it, then = ; , [ ) )."""
    for m in re.finditer(r'([\w\*])\s*\**\s*\b' + re.escape(name) + r'\s*(=(?!=)|;|,|\[|\))', text):
        before = text[max(0, m.start() - 40):m.start() + 1]
        w = re.search(r'(\w+)\s*\**\s*$', before)
        if m.group(1) == '*' or (w and w.group(1) not in KEYWORDS):
            return True
    return False


def classify(expr, fn, code):
    """Where the deleted handle lives: field, outparam, param, local or global."""
    e = re.sub(r'\s+', '', expr)
    e = re.sub(r'^\((.*)\)$', r'\1', e)
    params = fn[1] if fn else ''
    body = code[fn[2]:fn[3]] if fn else ''
    m = re.match(r'^\*+\(?(\w+)\)?$', e)
    if m:
        p = m.group(1)
        return 'outparam' if re.search(r'\*\s*\*\s*' + p + r'\b', params) else 'field'
    if not re.match(r'^\w+$', e):
        return 'field'            # x->f, x.f, x[i], a macro call around a field
    if re.search(r'\b' + e + r'\b', params) and declared(e, params + ')'):
        return 'param'
    if declared(e, body):
        return 'local'
    return 'global'


def exit_follows(code, pos):
    """True when, from pos, statements reach a noreturn call before a brace, a return/jump or a
    control statement."""
    i, n = pos, len(code)
    while i < n:
        while i < n and code[i] in ' \t\r\n{':
            i += 1
        if i >= n or code[i] == '}':
            return False
        j, depth = i, 0
        while j < n:
            if code[j] in '([':
                depth += 1
            elif code[j] in ')]':
                depth -= 1
            elif code[j] in ';{}' and depth <= 0:
                break
            j += 1
        stmt = code[i:j].strip()
        if code[j:j + 1] != ';' or stmt.startswith('#'):
            return False
        w = re.match(r'(?:\(void\)\s*)?(\w+)', stmt)
        if not w or w.group(1) in CONTROL:
            return False
        if ELOG_ERROR.match(stmt) or (NORETURN.match(w.group(1)) and
                                      re.match(r'(?:\(void\)\s*)?\w+\s*\(', stmt)):
            return True
        i = j + 1
    return False


def acquired_line(message):
    """The N of 'acquired at line N' in a finding's message, 0 when it names none."""
    m = re.search(r'acquired at line (\d+)', message)
    return int(m.group(1)) if m else 0


def leak_findings(report, path):
    """Returns [(line, rule, message, function)] of the leak findings in path."""
    return [(f['line'], f['rule'], f['message'], f.get('function'))
            for f in report['findings'] if f['file'] == path and f['rule'] in ('conn-leak', 'result-leak')]


def other_leaks(report, path):
    """Returns {(file, line, rule, message)} of the leak findings in files other than path."""
    return {(f['file'], f['line'], f['rule'], f['message'])
            for f in report['findings'] if f['file'] != path and f['rule'] in ('conn-leak', 'result-leak')}


def run_pqlint(args, tree, files, flags, out_json):
    """Runs pqlint from tree on files; returns the parsed report or None (timeout, error).
    With the mutation run's own pass-1 cache (--cache-dir WORK/cache, emptied at the start): the
    unchanged files of a run are parsed once, each mutant again (its text differs)."""
    cache = ['--cache-dir', args.cache]
    cmd = ['timeout', str(args.timeout), args.pqlint, '--format', 'json', '--no-config', '-j',
           str(args.pqlint_jobs), '--exit-zero', '--enable', 'conn-leak,result-leak', '-o', out_json] + \
        cache + files + ['--'] + flags
    r = subprocess.run(cmd, cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if r.returncode != 0:
        return None
    with open(out_json) as fh:
        return json.load(fh)


def expand_set(args):
    """Reads the set's TSV; returns [(run, files, flags)] with the shell's expansion of FILES and
    FLAGS (globs, $I, $PGI, $(pkg-config ...)) done in the corpus folder."""
    runs = []
    wanted = set(args.runs.split(','))
    with open(args.set_file) as fh:
        for line in fh:
            if not line.strip() or line.startswith('#'):
                continue
            name, _src, _tree, _deps, files, flags = line.rstrip('\n').split('\t')
            if name not in wanted:
                continue
            sh = ('I=stubs; PGI=-I/usr/include/postgresql; eval "fa=($1)"; eval "ga=($2)"; '
                  'printf "%s\\0" "${fa[@]}"; printf "\\1\\0"; printf "%s\\0" "${ga[@]}"')
            out = subprocess.run(['bash', '-c', sh, 'x', files, flags], cwd=args.corpus,
                                 capture_output=True, check=True).stdout.decode()
            parts = out.split('\0')[:-1]
            k = parts.index('\1')
            fl = []
            for f in parts[:k]:
                if os.path.isdir(os.path.join(args.corpus, f)):
                    fl += sorted(os.path.join(f, x) for x in os.listdir(os.path.join(args.corpus, f))
                                 if x.endswith('.c'))
                elif f.endswith('.c'):
                    fl.append(f)
            runs.append((name, fl, parts[k + 1:]))
    return runs


def companions(args, run, path, files):
    """Files analysed with path: file scope, repmgr's dbutils.c (the summaries of its helpers);
    package scope, every other file of the run."""
    if args.scope == 'package':
        return [f for f in files if f != path]
    if run == 'repmgr' and not path.endswith('/dbutils.c'):
        return [os.path.join(os.path.dirname(path), 'dbutils.c')]
    return []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--pqlint', required=True)
    ap.add_argument('--corpus', required=True)
    ap.add_argument('--set-file', required=True)
    ap.add_argument('--work', required=True)
    ap.add_argument('--runs', default=DEFAULT_RUNS)
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--pqlint-jobs', type=int, default=1)
    ap.add_argument('--list-only', action='store_true')
    ap.add_argument('--timeout', type=int, default=120)
    ap.add_argument('--max-seconds', type=int, default=3000)
    ap.add_argument('--scope', choices=('file', 'package'), default='file')
    args = ap.parse_args()
    args.pqlint = os.path.abspath(args.pqlint)
    args.corpus = os.path.abspath(args.corpus)
    t0 = time.time()
    tree = os.path.join(os.path.abspath(args.work), 'tree')
    if os.path.exists(tree):
        shutil.rmtree(tree)
    # Hard links: mutants are new files beside the originals, which are never written.
    subprocess.run(['cp', '-al', args.corpus, tree], check=True)
    tmp = os.path.join(os.path.abspath(args.work), 'reports')
    os.makedirs(tmp, exist_ok=True)
    args.cache = os.path.join(os.path.abspath(args.work), 'cache')
    if os.path.exists(args.cache):
        shutil.rmtree(args.cache)

    jobs = []   # (run, path, flags, line, expr, cls, exit_follows, mutant_text, function, files)
    for run, files, flags in expand_set(args):
        for path in files:
            text = open(os.path.join(tree, path), encoding='latin-1').read()
            code = strip_code(text)
            fns = functions(code)
            for m in STMT.finditer(code):
                # Match in the stripped code (no comments, no strings): a real statement.
                s = m.start(3)
                e = m.end()
                expr = text[m.start(4):m.end(4)]
                line = text.count('\n', 0, s) + 1
                fn = next((f for f in fns if f[2] <= s <= f[3]), None)
                cls = classify(expr, fn, code)
                mutant = text[:s] + ';' + text[e:]
                jobs.append((run, path, flags, line, expr, cls, exit_follows(code, e), mutant,
                             fn[0] if fn else None, files))

    baselines = {}

    reports = {}

    def baseline(run, path, flags, files):
        """The unmutated run's (leaks in path, leaks elsewhere); package scope: one run per package."""
        key = (run, path)
        if key not in baselines:
            rkey = run if args.scope == 'package' else key
            if rkey not in reports:
                reports[rkey] = run_pqlint(args, tree, [path] + companions(args, run, path, files), flags,
                                           os.path.join(tmp, 'base-%s-%s.json' % (run, path.replace('/', '_'))))
            rep = reports[rkey]
            baselines[key] = (leak_findings(rep, path), other_leaks(rep, path)) if rep else None
        return baselines[key]

    if args.list_only:
        agg = {}
        for j in jobs:
            k = (j[5], 'exit-follows' if j[6] else 'run')
            agg[k] = agg.get(k, 0) + 1
        for k in sorted(agg):
            print('%-10s %-13s %d' % (k[0], k[1], agg[k]))
        print('%d deletions, %.1f s' % (len(jobs), time.time() - t0))
        shutil.rmtree(tree)
        return 0

    keys = sorted({(j[0], j[1]): (j[2], j[9]) for j in jobs}.items())
    # Package scope: the first baseline of each run fills the cache for the rest, so one run first.
    first = {}
    for kv in keys:
        first.setdefault(kv[0][0], kv)
    for kv in (first.values() if args.scope == 'package' else ()):
        baseline(kv[0][0], kv[0][1], kv[1][0], kv[1][1])
    with ThreadPoolExecutor(max_workers=args.jobs) as ex:
        list(ex.map(lambda kv: baseline(kv[0][0], kv[0][1], kv[1][0], kv[1][1]), keys))

    def one(k):
        run, path, flags, line, expr, cls, exitf, mutant, fname, files = jobs[k]
        if exitf:
            return 'exit-follows', ''
        if time.time() - t0 > args.max_seconds:
            return 'not-run', 'time budget'
        mpath = os.path.join(os.path.dirname(path), '__mut%d_' % k + os.path.basename(path))
        with open(os.path.join(tree, mpath), 'w', encoding='latin-1') as fh:
            fh.write(mutant)
        rep = run_pqlint(args, tree, [mpath] + companions(args, run, path, files), flags,
                         os.path.join(tmp, 'mut%d.json' % k))
        os.unlink(os.path.join(tree, mpath))
        if rep is None or baselines[(run, path)] is None:
            return 'error', 'pqlint failed or timed out'
        base, base_other = baselines[(run, path)]
        new = [f for f in leak_findings(rep, mpath) if f[:3] not in {b[:3] for b in base}]
        name = "'%s'" % re.sub(r'\s+', ' ', expr.strip())
        named = [f for f in new if name in f[2]]
        if named or (cls in ('param', 'outparam') and new):
            f = (named or new)[0]
            return 'found', '%d %s' % (f[0], f[2])
        elsewhere = sorted(other_leaks(rep, mpath) - base_other)
        if elsewhere:
            f = elsewhere[0]
            return 'found', '%s:%d %s' % (f[0], f[1], f[3])
        later = [b for b in base if name in b[2] and b[0] >= line and acquired_line(b[2]) <= line]
        if later:
            return 'masked', '%d %s' % (later[0][0], later[0][2])
        return 'missed', ''

    with ThreadPoolExecutor(max_workers=args.jobs) as ex:
        results = list(ex.map(one, range(len(jobs))))

    with open(os.path.join(args.work, 'mutations.tsv'), 'w') as fh:
        fh.write('run\tfile\tline\tfunction\thandle\tclass\toutcome\tdetail\n')
        for j, (o, d) in zip(jobs, results):
            fh.write('\t'.join([j[0], j[1], str(j[3]), str(j[8]), j[4].strip(), j[5], o, d]) + '\n')

    def table(key):
        agg = {}
        for j, (o, _d) in zip(jobs, results):
            agg.setdefault(key(j), {}).setdefault(o, 0)
            agg[key(j)][o] += 1
        return agg

    cols = ['deletions', 'exit-follows', 'masked', 'found', 'missed', 'error', 'not-run']
    for title, key in (('package', lambda j: j[0].split('-backend')[0].split('-frontend')[0]),
                       ('class', lambda j: j[5])):
        agg = table(key)
        print('%-12s ' % title + ' '.join('%12s' % c for c in cols) + '   recall')
        tot = {}
        for k in sorted(agg, key=lambda k: -sum(agg[k].values())):
            row = agg[k]
            row['deletions'] = sum(row.values())
            for c in cols:
                tot[c] = tot.get(c, 0) + row.get(c, 0)
            f, mi = row.get('found', 0), row.get('missed', 0)
            print('%-12s ' % k + ' '.join('%12d' % row.get(c, 0) for c in cols) +
                  '   %s' % ('%d/%d = %.2f' % (f, f + mi, f / (f + mi)) if f + mi else '-'))
        f, mi = tot['found'], tot['missed']
        print('%-12s ' % 'total' + ' '.join('%12d' % tot[c] for c in cols) +
              '   %d/%d = %.2f' % (f, f + mi, f / (f + mi) if f + mi else 0))
        print()
    print('time: %.0f s, %d deletions, %d pqlint runs in parallel, scope %s' %
          (time.time() - t0, len(jobs), args.jobs, args.scope))
    shutil.rmtree(tree)
    return 0


if __name__ == '__main__':
    sys.exit(main())
