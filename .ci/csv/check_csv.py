"""Reads CSV files written by Osmose with Python's csv module and checks that every hostile
value comes back as ' + the value, and that no other cell starts like a formula except the
negative amounts the program writes.

    check_csv.py FILE SEPARATOR COLUMN[,COLUMN…] EXPECTED.txt …   (EXPECTED: one hostile value a line)
"""
import csv
import re
import sys

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NEGATIVE_AMOUNT = re.compile(r"^-[0-9 \u00a0\u202f,.€%]*[0-9][0-9 \u00a0\u202f,.€%]*$")

failures = []
arguments = sys.argv[1:]
for i in range(0, len(arguments), 4):
    path, separator, columns, expected = arguments[i:i + 4]
    hostile = open(expected, encoding="utf-8", newline="").read().split("\n")[:-1]
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=separator))
    seen = set()
    for row in rows:
        for key, value in row.items():
            if value and value.startswith(FORMULA_START) and not NEGATIVE_AMOUNT.match(value):
                failures.append(f"{path}: {key} = {value!r} starts like a formula")
        for column in columns.split(","):
            value = row.get(column) or ""
            if value.startswith("'") and value[1:] in hostile:
                seen.add(value[1:])
    missing = [h for h in hostile if h not in seen]
    if missing:
        failures.append(f"{path}: not found as ' + value: {missing!r}")
for failure in failures:
    print(failure, file=sys.stderr)
sys.exit(1 if failures else 0)
