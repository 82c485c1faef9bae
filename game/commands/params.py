"""`downhill params 784 256 128 10`: count a fully-connected network's weights and biases."""

from __future__ import annotations

import json

from game.errors import CliError
from game.i18n import _
from game.i18n import number as shown
from game.sim.nets import layer_param_counts

MAX_LAYER = 10**9  # neurons in one layer; keeps the products exact and the output readable
FLOAT32_BYTES = 4


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "params", help=_("count the weights and biases of a fully-connected network"),
        description=_("Count the parameters of a fully-connected network, layer by layer: "
                      "n_in * n_out weights + n_out biases. Example: {example}").format(example="downhill params 784 256 128 10"))
    parser.add_argument("sizes", nargs="*", metavar="SIZE",
                        help=_("neurons per layer, inputs first (at least two layers)"))
    parser.add_argument("--json", action="store_true", help=_("print the counts as one JSON object"))
    parser.set_defaults(func=run)


def parse_sizes(texts: list[str]) -> list[int]:
    if len(texts) < 2:
        raise CliError(_("need at least two layer sizes (inputs and outputs), got {count}; e.g. {example}").format(
            count=len(texts), example="downhill params 784 10"))
    sizes = []
    for position, text in enumerate(texts, start=1):
        try:
            value = int(text.replace("_", "").replace(",", ""))
        except ValueError:
            raise CliError(_("layer {position} size {text!r} is not a whole number; "
                             "expected a count of neurons like 128").format(position=position, text=text)) from None
        if not 1 <= value <= MAX_LAYER:
            raise CliError(_("layer {position} size {text} is out of range; expected 1 to {most}").format(
                position=position, text=text, most=shown(MAX_LAYER, ",d")))
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
            return f"{shown(count / size, '.1f')} {unit}"
    return _("{count} bytes").format(count=shown(count, ",d"))


def table(data: dict) -> list[str]:
    """What a person reads: the words in the active language, numbers grouped the locale's way
    (--json stays plain numbers)."""
    heads = [_("layer"), _("shape"), _("weights"), _("biases"), _("params")]
    widths = [max(5, len(heads[0])), 15, 15, max(11, len(heads[3])), 15]
    row_of = lambda cells: "  ".join(cell.rjust(width) for cell, width in zip(cells, widths))  # noqa: E731
    lines = [row_of(heads)]
    for row in data["layers"]:
        lines.append(row_of([str(row["layer"]), f"{row['inputs']} x {row['outputs']}", shown(row["weights"], ",d"),
                             shown(row["biases"], ",d"), shown(row["params"], ",d")]))
    lines.append(row_of([_("total"), "", "", "", shown(data["total"], ",d")]))
    if len(data["layers"]) > 1:
        terms = " + ".join(shown(row["params"], ",d") for row in data["layers"])
        lines.append(_("{sum} = {total} parameters").format(sum=terms, total=shown(data["total"], ",d")))
    memory = human_bytes(data["float32_bytes"])
    if data["float32_bytes"] >= 2**10:
        memory += " (" + _("{count} bytes").format(count=shown(data["float32_bytes"], ",d")) + ")"
    lines.append(_("float32 memory: {memory}").format(memory=memory))
    return lines


def run(args) -> int:
    data = summary(parse_sizes(args.sizes))
    print(json.dumps(data) if args.json else "\n".join(table(data)))
    return 0
