"""Peer: PyTorch autograd, float64, one thread (2-layer net, sigmoid hidden, MSE mean).

Times only the training loop; each epoch's loss is read into a host list with .item(), plus the
cost of the returned params at the end (epochs + 1 entries, as the project's `train`).
"""
import sys
import time

import torch

from common import parse_args, read_case, write_result


def train(X, Y, W1, b1, W2, b2, lr, epochs):
    params = [p.clone().requires_grad_(True) for p in (W1, b1, W2, b2)]
    W1, b1, W2, b2 = params
    costs = []
    for _ in range(epochs):
        A1 = torch.sigmoid(W1 @ X + b1)
        A2 = W2 @ A1 + b2
        loss = torch.mean((A2 - Y) ** 2)
        loss.backward()
        costs.append(loss.item())
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
                p.grad = None
    with torch.no_grad():  # the cost of the returned params (costs[epochs]), as the project's train
        costs.append(torch.mean((W2 @ torch.sigmoid(W1 @ X + b1) + b2 - Y) ** 2).item())
    return costs, params


def main():
    torch.set_num_threads(1)
    case_dir, repeats, out = parse_args(sys.argv)
    case, a = read_case(case_dir)
    t = {k: torch.from_numpy(v.copy()) for k, v in a.items()}
    runs_ms, curves = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        costs, final = train(t["X"], t["Y"], t["W1"], t["b1"], t["W2"], t["b2"],
                             case["lr"], case["epochs"])
        runs_ms.append((time.perf_counter() - t0) * 1e3)
        curves.append(costs)
    write_result(out, {
        "impl": "torch",
        "version": torch.__version__,
        "threads": torch.get_num_threads(),
        "runs_ms": runs_ms,
        "costs": curves[0],
        "repeatable": all(c == curves[0] for c in curves),
        "final": {k: v.detach().ravel().tolist() for k, v in zip(("W1", "b1", "W2", "b2"), final)},
    })


if __name__ == "__main__":
    main()
