"""`downhill params 784 256 128 10`: count a fully-connected network's weights and biases."""

from __future__ import annotations

import json

from game.errors import CliError
from game.sim.nets import layer_param_counts

MAX_LAYER = 10**9  # neurons in one layer; keeps the products exact and the output readable
FLOAT32_BYTES = 4


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "params", help="count the weights and biases of a fully-connected network",
        description="Count the parameters of a fully-connected network, layer by layer: "
                    "n_in * n_out weights + n_out biases. Example: downhill params 784 256 128 10")
    parser.add_argument("sizes", nargs="*", metavar="SIZE",
                        help="neurons per layer, inputs first (at least two layers)")
    parser.add_argument("--json", action="store_true", help="print the counts as one JSON object")
    parser.set_defaults(func=run)


def parse_sizes(texts: list[str]) -> list[int]:
    if len(texts) < 2:
        raise CliError(f"need at least two layer sizes (inputs and outputs), got {len(texts)}; "
                       "e.g. downhill params 784 10")
    sizes = []
    for position, text in enumerate(texts, start=1):
        try:
            value = int(text.replace("_", "").replace(",", ""))
        except ValueError:
            raise CliError(f"layer {position} size {text!r} is not a whole number; "
                           "expected a count of neurons like 128") from None
        if not 1 <= value <= MAX_LAYER:
            raise CliError(f"layer {position} size {text} is out of range; expected 1 to {MAX_LAYER:,}")
        sizes.append(value)
    return sizes


def summary(sizes: list[int]) -> dict:
    counts = layer_param_counts(sizes)
    layers = [{"layer": i + 1, "inputs": n_in, "outputs": n_out, "weights": n_in * n_out,
               "biases": n_out, "params": count}
              for i, (n_in, n_out, count) in enumerate(zip(sizes, sizes[1:], counts))]
    total = sum(counts)
    return {"sizes": sizes, "layers": layers, "total": total, "float32_bytes": total * FLOAT32_BYTES}


def human_bytes(count: int) -> str:
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if count >= size:
            return f"{count / size:.1f} {unit}"
    return f"{count} bytes"


def table(data: dict) -> list[str]:
    lines = [f"{'layer':>5}  {'shape':>15}  {'weights':>15}  {'biases':>11}  {'params':>15}"]
    for row in data["layers"]:
        shape = f"{row['inputs']} x {row['outputs']}"
        lines.append(f"{row['layer']:>5}  {shape:>15}  {row['weights']:>15,}  {row['biases']:>11,}  "
                     f"{row['params']:>15,}")
    lines.append(f"{'total':>5}  {'':>15}  {'':>15}  {'':>11}  {data['total']:>15,}")
    sum_line = " + ".join(f"{row['params']:,}" for row in data["layers"])
    if len(data["layers"]) > 1:
        lines.append(f"{sum_line} = {data['total']:,} parameters")
    memory = human_bytes(data["float32_bytes"])
    if not memory.endswith(" bytes"):
        memory += f" ({data['float32_bytes']:,} bytes)"
    lines.append(f"float32 memory: {memory}")
    return lines


def run(args) -> int:
    data = summary(parse_sizes(args.sizes))
    print(json.dumps(data) if args.json else "\n".join(table(data)))
    return 0
