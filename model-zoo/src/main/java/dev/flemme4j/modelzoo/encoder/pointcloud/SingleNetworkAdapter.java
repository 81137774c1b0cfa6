package dev.flemme4j.modelzoo.encoder.pointcloud;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;

/**
 * One single-input point-cloud block behind the encoder or decoder interface the architectures are written against:
 * the first input goes to the block, the block's output is the result.
 */
abstract class SingleNetworkAdapter extends AbstractBlock {
    protected final NetworkBlock net;

    SingleNetworkAdapter(NetworkBlock net) {
        this.net = addChildBlock("net", net);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return net.forward(ps, new NDList(inputs.head()), training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        net.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return net.getOutputShapes(new Shape[] {inputShapes[0]});
    }

    public String description() {
        return net.description();
    }
}
