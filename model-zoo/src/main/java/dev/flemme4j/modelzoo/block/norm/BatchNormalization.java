package dev.flemme4j.modelzoo.block.norm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * PyTorch BatchNormNd over axis 1 of {@code (B, C, *L)}: batch statistics while training (running statistics
 * updated with PyTorch momentum 0.1, unbiased variance), running statistics in inference. Running mean/var
 * are non-trainable parameters, so they are saved with the model but not counted as trainable.
 */
public final class BatchNormalization extends NetworkBlock {
    /** PyTorch defaults. */
    public static final float EPSILON = 1e-5f;
    public static final float TORCH_MOMENTUM = 0.1f;

    private final int channels;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    public BatchNormalization(int channels) {
        this.channels = channels;
        Shape c = new Shape(channels);
        gamma = addParameter(parameter("gamma", Parameter.Type.GAMMA, c, new ConstantInitializer(1f), true));
        beta = addParameter(parameter("beta", Parameter.Type.BETA, c, new ConstantInitializer(0f), true));
        runningMean = addParameter(parameter("runningMean", Parameter.Type.RUNNING_MEAN, c, new ConstantInitializer(0f), false));
        runningVar = addParameter(parameter("runningVar", Parameter.Type.RUNNING_VAR, c, new ConstantInitializer(1f), false));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        var device = x.getDevice();
        // DJL's momentum weighs the old running value: 1 - PyTorch's momentum
        return BatchNorm.batchNorm(x,
                ps.getValue(runningMean, device, training), ps.getValue(runningVar, device, training),
                ps.getValue(gamma, device, training), ps.getValue(beta, device, training),
                1, 1f - TORCH_MOMENTUM, EPSILON, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        return g.node("BatchNormalization", List.of(input,
                        g.initializer("bn.scale", gamma.getArray()), g.initializer("bn.bias", beta.getArray()),
                        g.initializer("bn.mean", runningMean.getArray()), g.initializer("bn.var", runningVar.getArray())),
                OnnxAttribute.floatValue("epsilon", EPSILON));
    }

    @Override
    public String description() {
        return "BatchNorm(" + channels + ", eps=1e-5, momentum=0.1)";
    }
}
