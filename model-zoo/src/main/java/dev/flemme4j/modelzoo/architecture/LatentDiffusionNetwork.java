package dev.flemme4j.modelzoo.architecture;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;

/**
 * Latent diffusion (LDM, LDPM, LDIM): the auto-encoder and the eps-model side by side. The forward pass and the
 * ONNX export are the eps-model's, on a latent {@code (B, *latent)}; the auto-encoder is reached through
 * {@link #autoencoder()} to encode training data and decode samples.
 */
public final class LatentDiffusionNetwork extends NetworkBlock {
    private final NetworkBlock autoencoder;
    private final NetworkBlock eps;
    private final Shape autoencoderInput;

    /** @param autoencoderInput the auto-encoder's input shape for a batch of one (to initialise it) */
    public LatentDiffusionNetwork(NetworkBlock autoencoder, Shape autoencoderInput, NetworkBlock eps) {
        this.autoencoder = addChildBlock("ae", autoencoder);
        this.eps = addChildBlock("diffusion", eps);
        this.autoencoderInput = autoencoderInput;
    }

    public NetworkBlock autoencoder() {
        return autoencoder;
    }

    /** The auto-encoder as latent diffusion uses it: encode the data, export the decoder. */
    public LatentCodec codec() {
        if (!(autoencoder instanceof LatentCodec c)) {
            throw new IllegalStateException(autoencoder.description() + " cannot encode to a latent");
        }
        return c;
    }

    public NetworkBlock epsModel() {
        return eps;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return eps.forward(ps, inputs, training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        autoencoder.initialize(manager, dataType, autoencoderInput);
        eps.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return eps.getOutputShapes(inputShapes);
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        return eps.exportOnnx(g, input);
    }

    @Override
    public String description() {
        return "LatentDiffusion";
    }
}
