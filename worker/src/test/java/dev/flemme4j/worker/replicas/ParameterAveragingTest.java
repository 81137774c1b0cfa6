package dev.flemme4j.worker.replicas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.ModelFactory;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.spec.TrainJobSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The averaging arithmetic on two real models (BatchNorm statistics included): both end with the element-wise
 * mean, bit-identical, written into the very arrays the trainer holds; a record of another model is refused.
 */
class ParameterAveragingTest {
    private static final TrainJobSpec SPEC = TrainJobSpec.parse("""
            mode: train
            model:
              name: SeM
              segmentation_losses: [{name: BCEL}]
              encoder: {name: UNet, image_size: [16, 16], in_channel: 1, out_channel: 1, patch_channel: 8,
                        patch_size: 2, down_channels: [8, 16], middle_channels: [32, 32], building_block: single,
                        normalization: batch}
            loader:
              dataset: {name: ImgSegDataset, data_path: x}
            optimizer: {name: Adam, lr: 0.001}
            """);

    private static ParameterAveraging averaging(FlemmeModel m) {
        return new ParameterAveraging(m.block(), null, Map.of(), null, 0, 2, 1, Duration.ofSeconds(1), () -> false, null, "j");
    }

    @Test
    void bothReplicasEndWithTheSameMeanInTheirOwnArrays() throws Exception {
        try (FlemmeModel a = ModelFactory.create(ModelSpecs.parse(SPEC.modelNode()), Device.cpu());
                FlemmeModel b = ModelFactory.create(ModelSpecs.parse(SPEC.modelNode()), Device.cpu())) {
            for (Pair<String, Parameter> p : b.block().getParameters()) {
                p.getValue().getArray().addi(2f); // b differs from a everywhere, whatever the two initialisations did
            }
            List<NDArray> arraysOfA = arrays(a);
            TensorRecord ra = averaging(a).snapshot();
            TensorRecord rb = averaging(b).snapshot();
            assertTrue(ra.size() > 10, "parameters and BatchNorm statistics: " + ra.size());
            TensorRecord sum = ParameterAveraging.sum(List.of(ra, rb));
            averaging(a).load(sum, 0.5f);
            averaging(b).load(sum, 0.5f);
            TensorRecord after = averaging(a).snapshot();
            for (NamedTensor t : ra.tensors()) {
                float[] before = t.toFloatArray();
                float[] other = rb.require(t.name()).toFloatArray();
                float[] expected = new float[before.length];
                for (int i = 0; i < before.length; i++) {
                    expected[i] = (before[i] + other[i]) * 0.5f;
                }
                assertArrayEquals(expected, after.require(t.name()).toFloatArray(), 1e-6f, t.name());
                assertFalse(java.util.Arrays.equals(before, after.require(t.name()).toFloatArray()), t.name());
            }
            TensorRecord fromB = averaging(b).snapshot();
            for (NamedTensor t : after.tensors()) {
                assertArrayEquals(t.toFloatArray(), fromB.require(t.name()).toFloatArray(), 0f, "bit-identical " + t.name());
            }
            List<NDArray> now = arrays(a);
            for (int i = 0; i < now.size(); i++) {
                assertSame(arraysOfA.get(i), now.get(i), "written in place, parameter " + i);
            }
        }
    }

    @Test
    void aRecordOfAnotherModelIsRefused() throws Exception {
        try (FlemmeModel a = ModelFactory.create(ModelSpecs.parse(SPEC.modelNode()), Device.cpu())) {
            TensorRecord other = TensorRecord.of(NamedTensor.ofFloats("nope", new long[] {1}, new float[] {1}));
            ReplicaSyncException e = assertThrows(ReplicaSyncException.class, () -> averaging(a).load(other, 1f));
            assertTrue(e.getMessage().contains("has no parameter"), e.getMessage());
            TensorRecord own = averaging(a).snapshot();
            assertThrows(ReplicaSyncException.class, () -> ParameterAveraging.sum(List.of(own, other)));
        }
    }

    private static List<NDArray> arrays(FlemmeModel m) {
        List<NDArray> out = new ArrayList<>();
        for (Pair<String, Parameter> p : m.block().getParameters()) {
            out.add(p.getValue().getArray());
        }
        return out;
    }
}
