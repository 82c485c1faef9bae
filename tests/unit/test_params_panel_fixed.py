"""The build-your-network panel of a level that trains what is built: one hidden layer whose width
changes within bounds; the inputs, the classes and the layer count stay."""

from game.ui.params_panel import ParamsPanel


def test_a_fixed_panel_changes_only_the_hidden_width_within_its_bounds():
    panel = ParamsPanel((2, 4, 2), fixed_layers=True, max_neurons=16)
    panel.add_layer()
    panel.remove_layer()
    assert panel.sizes == [2, 4, 2]
    panel.resize(100)
    assert panel.sizes == [2, 16, 2]
    panel.resize(-100)
    assert panel.sizes == [2, 1, 2]
    panel.pick(0)
    panel.resize(5)
    panel.pick(2)
    panel.resize(5)
    assert panel.sizes == [2, 1, 2]
    assert panel.total == 2 * 1 + 1 + 1 * 2 + 2


def test_a_free_panel_still_grows_layers():
    panel = ParamsPanel((3, 5, 1))
    panel.add_layer()
    assert len(panel.sizes) == 4
