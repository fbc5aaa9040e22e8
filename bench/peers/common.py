"""Shared by the peers: read one bench case (data + initial weights) and write a result file.

A case directory (written by bench/run.ts) holds case.json and raw little-endian float64 files:
  X.f64 (nx, m) row-major, columns are examples; Y.f64 (1, m);
  W1.f64 (nh, nx), b1.f64 (nh, 1), W2.f64 (1, nh), b2.f64 (1, 1).
"""
import json
import os
import sys

import numpy as np


def read_case(case_dir):
    with open(os.path.join(case_dir, "case.json")) as f:
        case = json.load(f)
    arrays = {}
    for name, shape in case["shapes"].items():
        a = np.fromfile(os.path.join(case_dir, name + ".f64"), dtype="<f8")
        arrays[name] = a.reshape(shape)
    return case, arrays


def write_result(path, result):
    with open(path, "w") as f:
        json.dump(result, f)


def parse_args(argv):
    """usage: <peer>.py CASE_DIR REPEATS OUT_JSON"""
    if len(argv) != 4:
        sys.exit("usage: %s CASE_DIR REPEATS OUT_JSON" % argv[0])
    return argv[1], int(argv[2]), argv[3]
