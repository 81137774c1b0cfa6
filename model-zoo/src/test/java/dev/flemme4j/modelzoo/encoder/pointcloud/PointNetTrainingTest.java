package dev.flemme4j.modelzoo.encoder.pointcloud;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.flemme4j.modelzoo.loss.SampleLoss;
import dev.flemme4j.modelzoo.loss.pointcloud.ChamferLoss;
import dev.flemme4j.modelzoo.loss.pointcloud.EmdLoss;
import dev.flemme4j.modelzoo.loss.pointcloud.PointLossOptions;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A PointNet auto-encoder reconstructing one small cloud: plain gradient steps on CD or EMD lower the loss. */
class PointNetTrainingTest {

    @ParameterizedTest
    @ValueSource(strings = {"CD", "EMD"})
    void reconstructionLossFalls(String lossName) {
        PointNetSpec spec = PointNetSpecParser.parse(new ConfigNode("model.encoder", Map.of("name", "PointNet", "in_channel", 3,
                "out_channel", 3, "point_num", 32, "building_block", "dense", "local_feature_channels", List.of(32, 64),
                "dense_channels", List.of(64), "final_channels", List.of(128), "num_blocks", 1)));
        SampleLoss loss = lossName.equals("CD") ? new ChamferLoss(PointLossOptions.DEFAULTS) : new EmdLoss(PointLossOptions.DEFAULTS);
        Engine.getInstance().setRandomSeed(31);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            PointNetEncoder encoder = new PointNetEncoder(spec);
            PointNetDecoder decoder = new PointNetDecoder(spec);
            NDArray x = m.randomUniform(-1, 1, new Shape(2, 32, 3));
            encoder.initialize(m, DataType.FLOAT32, x.getShape());
            decoder.initialize(m, DataType.FLOAT32, encoder.getOutputShapes(new Shape[] {x.getShape()}));
            List<NDArray> weights = new java.util.ArrayList<>();
            for (var block : new ai.djl.nn.Block[] {encoder, decoder}) {
                for (Pair<String, Parameter> p : block.getParameters()) {
                    if (p.getValue().requiresGradient()) {
                        p.getValue().getArray().setRequiresGradient(true);
                        weights.add(p.getValue().getArray());
                    }
                }
            }
            ParameterStore ps = new ParameterStore(m, false);
            float first = 0;
            float last = 0;
            for (int step = 0; step < 25; step++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.zeroGradients();
                    NDArray y = decoder.forward(ps, encoder.forward(ps, new NDList(x), true), true).singletonOrThrow();
                    NDArray l = loss.perSample(y, x).mean();
                    gc.backward(l);
                    last = l.getFloat();
                }
                if (step == 0) {
                    first = last;
                }
                for (NDArray w : weights) {
                    w.subi(w.getGradient().mul(0.05f));
                }
            }
            assertTrue(Float.isFinite(last) && last < 0.5f * first, lossName + ": " + first + " → " + last);
        }
    }
}
