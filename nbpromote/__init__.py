"""nbpromote: the JupyterLab extension (prebuilt labextension) and the Jupyter server extension
that forwards the labextension's calls to the nbpromote service."""

try:
    from ._version import __version__
except ImportError:  # a source checkout that has not been built yet
    __version__ = "dev"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "nbpromote"}]


def _jupyter_server_extension_points():
    return [{"module": "nbpromote"}]


def _load_jupyter_server_extension(server_app):
    # Imported here so that listing the labextension needs no server dependencies.
    from .handlers import setup_handlers

    setup_handlers(server_app)
