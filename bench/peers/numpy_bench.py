"""Peer: the textbook vectorised numpy training loop (2-layer net, sigmoid hidden, MSE mean).

Run with /usr/bin/python3 and OPENBLAS_NUM_THREADS=1 (bench/run.ts sets it). Times only the
training loop; each epoch's loss is read into a host list, as the project's engines do, and like
the project's `train` it ends with one more forward pass for the cost of the returned params, so the
curve has epochs + 1 entries.
"""
import sys
import time

import numpy as np

from common import parse_args, read_case, write_result


def train(X, Y, W1, b1, W2, b2, lr, epochs):
    m = X.shape[1]
    costs = []
    for _ in range(epochs):
        Z1 = W1 @ X + b1                 # (nh, m)
        A1 = 1.0 / (1.0 + np.exp(-Z1))   # sigmoid
        Z2 = W2 @ A1 + b2                # (1, m)
        A2 = Z2                          # identity output
        costs.append(float(np.mean((A2 - Y) ** 2)))
        dZ2 = (2.0 / m) * (A2 - Y)
        dW2 = dZ2 @ A1.T
        db2 = np.sum(dZ2, axis=1, keepdims=True)
        dA1 = W2.T @ dZ2
        dZ1 = dA1 * A1 * (1.0 - A1)
        dW1 = dZ1 @ X.T
        db1 = np.sum(dZ1, axis=1, keepdims=True)
        W1 = W1 - lr * dW1
        b1 = b1 - lr * db1
        W2 = W2 - lr * dW2
        b2 = b2 - lr * db2
    # the cost of the returned params, as the project's train reports it (costs[epochs])
    A2 = W2 @ (1.0 / (1.0 + np.exp(-(W1 @ X + b1)))) + b2
    costs.append(float(np.mean((A2 - Y) ** 2)))
    return costs, (W1, b1, W2, b2)


def main():
    case_dir, repeats, out = parse_args(sys.argv)
    case, a = read_case(case_dir)
    runs_ms, curves = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        costs, final = train(a["X"], a["Y"], a["W1"], a["b1"], a["W2"], a["b2"],
                             case["lr"], case["epochs"])
        runs_ms.append((time.perf_counter() - t0) * 1e3)
        curves.append(costs)
    info = {}
    try:
        from threadpoolctl import threadpool_info
        info = [{k: d.get(k) for k in ("internal_api", "version", "num_threads", "architecture")}
                for d in threadpool_info() if d.get("user_api") == "blas"]
    except ImportError:
        info = "threadpoolctl not installed (apt-get install python3-threadpoolctl)"
    write_result(out, {
        "impl": "numpy",
        "version": np.__version__,
        "blas": info,
        "runs_ms": runs_ms,
        "costs": curves[0],
        "repeatable": all(c == curves[0] for c in curves),
        "final": {k: v.ravel().tolist() for k, v in zip(("W1", "b1", "W2", "b2"), final)},
    })


if __name__ == "__main__":
    main()
