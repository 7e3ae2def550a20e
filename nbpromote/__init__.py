"""nbpromote: the JupyterLab extension, shipped as a prebuilt labextension."""

try:
    from ._version import __version__
except ImportError:  # a source checkout that has not been built yet
    __version__ = "dev"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "nbpromote"}]
