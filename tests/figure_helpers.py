"""Shared by the figure tests: draw with warnings as errors, and close figures after each test."""

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def draw(function, *args, **kwargs):
    """Draw with every warning an error, and render, so lazy warnings surface too."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = function(*args, **kwargs)
        ax.figure.canvas.draw()
    return ax
