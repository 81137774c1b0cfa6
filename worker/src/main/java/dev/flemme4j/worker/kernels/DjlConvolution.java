package dev.flemme4j.worker.kernels;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.flemme4j.modelzoo.ModelFactory;
import dev.flemme4j.modelzoo.block.conv.SpatialConvolution;

/**
 * PyTorch's CPU convolution as the networks call it (model-zoo's {@link SpatialConvolution}, the one place the
 * blocks convolve), forward and backward through DJL's autograd. Fresh arrays on every call, so repeated calls
 * see identical inputs and nothing accumulates.
 */
final class DjlConvolution implements ConvolutionUnderTest {
    @Override
    public Outputs run(ConvolutionCase c, float[] x, float[] w, float[] bias, float[] upstream) {
        Engine engine = Engine.getEngine(ModelFactory.ENGINE);
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), ModelFactory.ENGINE)) {
            NDArray input = m.create(x, new Shape(c.inputShape()));
            NDArray weight = m.create(w, new Shape(c.weightShape()));
            NDArray b = m.create(bias, new Shape(c.out()));
            NDArray up = m.create(upstream, new Shape(c.outputShape()));
            input.setRequiresGradient(true);
            weight.setRequiresGradient(true);
            b.setRequiresGradient(true);
            float[] y;
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray out = SpatialConvolution.convolve(c.dims(), input, weight, b, c.stride(), c.padding(), 1);
                y = out.toFloatArray();
                gc.backward(out.mul(up).sum());
            }
            return new Outputs(y, input.getGradient().toFloatArray(), weight.getGradient().toFloatArray(),
                    b.getGradient().toFloatArray());
        }
    }
}
