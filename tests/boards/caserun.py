"""caserun: the runner the tests/boards/ programs share. Each case is a function case_<name>(tmp)
that raises CaseFailed to fail; run_cases() gives each a fresh temporary folder, prints
"ok - name" or "not ok - name: why" and the closing "N passed, N failed" line, and returns the
exit status. Words on the command line choose the cases whose names contain one of them."""
import shutil
import tempfile


class CaseFailed(Exception):
    pass


def run_cases(cases, argv, prefix):
    chosen = [c for c in cases if not argv[1:] or any(w in c.__name__ for w in argv[1:])]
    passed = failed = 0
    for fn in chosen:
        tmp = tempfile.mkdtemp(prefix=prefix)
        try:
            fn(tmp)
        except CaseFailed as e:
            why = str(e)
        except Exception as e:  # a bug in the test itself, a tool missing, QEMU hanging
            why = f"{type(e).__name__}: {e}"
        else:
            print(f"ok - {fn.__name__[5:]}")
            passed += 1
            continue
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        print(f"not ok - {fn.__name__[5:]}: {why}")
        failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0
