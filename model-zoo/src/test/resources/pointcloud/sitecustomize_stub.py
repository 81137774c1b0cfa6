# measurement-only stubs: any attribute of these modules is a no-op callable/class
import sys, types, importlib.abc, importlib.machinery
STUBS = ('SimpleITK', 'einops', 'cpp_extension', 'knn_cuda', 'geomloss', 'ot', 'plyfile', 'trimesh', 'fpsample', 'mamba_ssm')
class _NothingMeta(type):
    def __getattr__(cls, name):
        return cls
class _Nothing(metaclass=_NothingMeta):
    def __init__(self, *a, **k):
        pass
    def __call__(self, *a, **k):
        return self
    def __getattr__(self, name):
        return self
class _Any(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        return _Nothing
class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path, target=None):
        if fullname.split('.')[0] in STUBS:
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
    def create_module(self, spec):
        m = _Any(spec.name); m.__path__ = []; return m
    def exec_module(self, module):
        pass
sys.meta_path.insert(0, _Finder())
