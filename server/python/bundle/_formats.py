"""How values are stored between steps (copied verbatim).

Runs are read long after they were written, by other versions of the libraries, so each
value goes in the most durable format that holds it: pandas DataFrames as Parquet, numpy
arrays as .npy, scikit-learn-like models with joblib, anything else with cloudpickle. A
value a format cannot hold faithfully (a DataFrame with non-string column names, an array of
Python objects) falls back to the next one. Each step records the format of every output in
its step.json, so a run can be opened again by hand.
"""

import io

import cloudpickle

# Format -> file extension, in the order a reader tries them when no record says.
FORMATS = {'parquet': '.parquet', 'npy': '.npy', 'joblib': '.joblib', 'cloudpickle': '.pkl'}

# Packages whose estimators joblib stores; any object with fit() and get_params() too.
MODEL_PACKAGES = {'sklearn', 'xgboost', 'lightgbm', 'catboost', 'imblearn', 'statsmodels'}


def _is_dataframe(value):
    cls = type(value)
    return cls.__name__ == 'DataFrame' and cls.__module__.split('.')[0] == 'pandas'


def _is_ndarray(value):
    cls = type(value)
    return cls.__name__ == 'ndarray' and cls.__module__.split('.')[0] == 'numpy'


def _is_model(value):
    if isinstance(value, type):
        return False
    root = type(value).__module__.split('.')[0]
    return root in MODEL_PACKAGES or (hasattr(value, 'fit') and hasattr(value, 'get_params'))


def _parquet(value):
    if not all(isinstance(c, str) for c in value.columns):
        return None  # Parquet column names are strings; a round trip would change them
    buf = io.BytesIO()
    try:
        value.to_parquet(buf)
    except (ValueError, TypeError, ImportError, NotImplementedError):
        return None
    except Exception as err:  # pyarrow's own errors (mixed object columns)
        if type(err).__module__.split('.')[0] != 'pyarrow':
            raise
        return None
    return buf.getvalue()


def _npy(value):
    if value.dtype.hasobject:
        return None  # .npy keeps Python objects only as pickles
    import numpy
    buf = io.BytesIO()
    numpy.save(buf, value, allow_pickle=False)
    return buf.getvalue()


def _joblib(value):
    try:
        import joblib
    except ImportError:
        return None
    buf = io.BytesIO()
    joblib.dump(value, buf)
    return buf.getvalue()


def encode(value):
    """(format, bytes) for a value."""
    data = None
    if _is_dataframe(value):
        data, fmt = _parquet(value), 'parquet'
    elif _is_ndarray(value):
        data, fmt = _npy(value), 'npy'
    elif _is_model(value):
        data, fmt = _joblib(value), 'joblib'
    if data is None:
        data, fmt = cloudpickle.dumps(value), 'cloudpickle'
    return fmt, data


def decode(fmt, data):
    buf = io.BytesIO(data)
    if fmt == 'parquet':
        import pandas
        return pandas.read_parquet(buf)
    if fmt == 'npy':
        import numpy
        return numpy.load(buf, allow_pickle=False)
    if fmt == 'joblib':
        import joblib
        return joblib.load(buf)
    return cloudpickle.loads(data)
