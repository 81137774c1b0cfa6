# Reference values for ContextNumericsTest: upstream's PositionEmbeddingBlock (time_channel 16, silu) and
# GateBiasBlock / GateBlock on fixed inputs, with their random weights. Regenerate (upstream HEAD 86abf06 on Debian's
# torch 1.13, setup as in context_counts.py) with
#   FLEMME_REF=/tmp/flemme-ref /usr/bin/python3 context_numerics.py > context_numerics.json
import json, logging, os, sys
ref = os.environ.get('FLEMME_REF', '/tmp/flemme-ref')
sys.path.insert(0, ref + '/stubs'); sys.path.insert(0, ref)
logging.disable(logging.CRITICAL)
import torch
from flemme.block.common import PositionEmbeddingBlock, GateBiasBlock, GateBlock

torch.manual_seed(0)
flat = lambda t: [float(v) for v in t.detach().reshape(-1)]
out = {}
pe = PositionEmbeddingBlock(out_channel=16, activation='silu')
t = torch.tensor([0., 3., 517., 999.])
out['time'] = {'t': flat(t),
               'dense1_weight': flat(pe.dense1.linear.weight), 'dense1_bias': flat(pe.dense1.linear.bias),
               'dense2_weight': flat(pe.dense2.linear.weight), 'dense2_bias': flat(pe.dense2.linear.bias),
               'output': flat(pe(t))}
x = torch.randn(2, 4, 3, 3)
e = torch.randn(2, 16)
gb = GateBiasBlock(16, 4, channel_dim=1)
g = GateBlock(16, 4, channel_dim=1)
out['gate_bias'] = {'x': flat(x), 'e': flat(e), 'gate_weight': flat(gb.hyper_gate.weight), 'gate_bias': flat(gb.hyper_gate.bias),
                    'bias_weight': flat(gb.hyper_bias.weight), 'output': flat(gb(x, e))}
out['gate'] = {'gate_weight': flat(g.hyper_gate.weight), 'gate_bias': flat(g.hyper_gate.bias), 'output': flat(g(x, e))}
json.dump(out, sys.stdout)
