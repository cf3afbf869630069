"""Print how many phones a book holds: the rows of its phones.csv files and the items of the phone
lists of its phones.yml files."""

import csv
import os
import sys

import yaml


def count(book):
    total = 0
    for root, dummy, files in os.walk(os.path.join(book, 'host_vars')):
        for name in files:
            path = os.path.join(root, name)
            if name == 'phones.csv':
                with open(path, newline='') as fh:
                    total += sum(1 for row in csv.reader(fh) if row and not row[0].startswith('#')) - 1
            elif name == 'phones.yml':
                with open(path) as fh:
                    total += sum(len(v) for v in (yaml.safe_load(fh) or {}).values() if isinstance(v, list))
    return total


if __name__ == '__main__':
    print(count(sys.argv[1]))
