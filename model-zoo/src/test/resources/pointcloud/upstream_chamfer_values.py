"""Per-sample values of upstream's ChamferLoss / DensityAwareChamferLoss (flemme.loss, reduction 'none') with
upstream's own CPU chamfer kernel, for PointCloudUpstreamLossTest (measurement only, never shipped).

Build the kernel once without CUDA: torch.utils.cpp_extension.load(name='cd', sources=[
  <checkout>/flemme/cpp_extension/chamfer_distance/chamfer_distance.cpp, a .cpp defining the two CUDA launchers
  as throwing stubs]), then run with that module on sys.path and PYTHONPATH=<checkout>:<dir of sitecustomize_stub.py>.
Inputs: seq(shape, a, b)[i] = sin(a·i + b) row-major; x = seq((2, 40, 3), 0.37, 0.1), y = 0.8·seq((2, 23, 3), 0.23, 0.9).
"""
import sys
import importlib
sys.path.insert(0, sys.argv[1])  # directory holding the built cd.so
import sitecustomize_stub  # noqa: F401
import cpp_extension  # the stub package; the real kernel becomes its cd attribute
cpp_extension.cd = sys.modules['cpp_extension.cd'] = importlib.import_module('cd')
import torch
from flemme.loss import get_loss
from flemme.utils import DataForm

def seq(shape, a, b):
    n = 1
    for s in shape:
        n *= s
    return torch.sin(a * torch.arange(n, dtype=torch.float64) + b).float().reshape(shape)

x = seq((2, 40, 3), 0.37, 0.1)
y = 0.8 * seq((2, 23, 3), 0.23, 0.9)
cases = [('CD', {}), ('CD', {'squared_distance': False}), ('CD', {'extended': True}),
         ('DCD', {}), ('DCD', {'alpha': 40, 'n_lambda': 0.5}), ('DCD', {'alpha': 40, 'non_reg': True})]
for name, opts in cases:
    loss = get_loss(dict(name=name, reduction='none', **opts), DataForm.PCD)
    print(name, opts, [float('%.9g' % v) for v in loss(x, y).tolist()])
