# Upstream parameter counts and output shape of the conditional VAE (mnist_train_cnn_cvae.yaml, copied verbatim
# from upstream resources/img/mnist/train_cnn_cvae.yaml) for UpstreamConfigsTest, measured two ways, since
# upstream HEAD 86abf06 cannot build this config as is: BaseModel does
# `encoder_config['latent_channel'] += de_cemb.out_channel` on a key it never sets (KeyError), and create_encoder
# would then overwrite latent_channel with the encoder's out_channel anyway.
#
#  head: upstream HEAD's own classes, with the decoder widening HEAD intends: latent_channel starts at 0 so the
#        `+=` records the embedding width, and create_encoder's decoder then reads encoder.out_channel + that width
#        (a create_encoder_fn wrapper below; create_model takes one). Everything else is HEAD's code.
#        FLEMME_REF=/tmp/flemme-ref /usr/bin/python3 cvae_count.py head   (setup as in context_counts.py)
#  old:  cde13ac (2025-07-04), the last upstream revision whose decoder-side cat works (its successor 3632740
#        introduced the KeyError); its VAE has HEAD's mean/logvar heads (1ca96b6) and its plain VAE counts the
#        same 266497 as HEAD. Its OneHot embedding differs from HEAD's (hidden width = out_channel instead of
#        get_middle_channel, apply_onehot defaults to True), so its count differs by exactly those layers.
#        git -C <flemme clone> archive cde13ac flemme | tar -x -C $FLEMME_OLD; switch 'transformer', 'mamba' and
#        'point-cloud' to False in $FLEMME_OLD/flemme/config.py; then
#        FLEMME_OLD=$FLEMME_OLD /usr/bin/python3 cvae_count.py old
#        (modules that revision imports but the model never uses, e.g. geomloss and sklearn, are stubbed below)
# An optional second argument names another config (e.g. upstream's mnist/test_cnn_cvae.yaml: head 1827986).
# Prints the count, every parameter with its shape, and the shape of forward(x, c)['recon'].
# Measured: head 2876594, old 2885310; both recon (2, 1, 32, 32).
import importlib.abc, importlib.machinery, logging, os, sys, types

mode = sys.argv[1] if len(sys.argv) > 1 else 'head'
STUBBED = ('geomloss', 'sklearn', 'scipy', 'skimage', 'nibabel', 'plyfile', 'ot')

class _Anything(types.ModuleType):
    __path__ = []
    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        return lambda *a, **k: None

class _StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        top = name.split('.')[0]
        if top in STUBBED:
            if importlib.machinery.PathFinder.find_spec(top) is not None:
                return None  # installed: use the real one
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None
    def create_module(self, spec):
        return _Anything(spec.name)
    def exec_module(self, module):
        pass

if mode == 'head':
    ref = os.environ.get('FLEMME_REF', '/tmp/flemme-ref')
    sys.path.insert(0, ref + '/stubs')
else:
    ref = os.environ.get('FLEMME_OLD', '/tmp/cvae-ref')
    sys.meta_path.insert(0, _StubFinder())
    sys.path.insert(0, ref + '/stubs')  # SimpleITK stub as for HEAD, when present
sys.path.insert(0, ref)
logging.disable(logging.CRITICAL)
import torch, yaml
from flemme.model import create_model

here = os.path.dirname(os.path.abspath(__file__))
config = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, 'mnist_train_cnn_cvae.yaml')
cfg = yaml.safe_load(open(config))['model']
if mode == 'head':
    from flemme.encoder import create_encoder

    def widening_create_encoder(encoder_config, return_encoder=True, return_decoder=True):
        extra = encoder_config.pop('latent_channel', 0)
        encoder = create_encoder(dict(encoder_config), return_encoder=True, return_decoder=False)[0]
        decoder_config = dict(encoder_config, latent_channel=encoder.out_channel + extra)
        decoder = create_encoder(decoder_config, return_encoder=False, return_decoder=True)[1]
        return encoder, decoder

    cfg['encoder']['latent_channel'] = 0
    m = create_model(cfg, create_encoder_fn=widening_create_encoder)
else:
    m = create_model(cfg)
print('count', sum(p.numel() for p in m.parameters()))
for n, p in m.named_parameters():
    print(n, tuple(p.shape))
m.eval()
labels = torch.tensor([3, 7])
# cde13ac's OneHot takes class indices by default; HEAD's (and flemme4j's) take one-hot rows
c = labels if m.en_cemb.apply_onehot else torch.nn.functional.one_hot(labels, 10).float()
with torch.no_grad():
    print('recon', tuple(m(x := torch.randn(2, 1, 32, 32), c)['recon'].shape))
