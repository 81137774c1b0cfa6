package dev.flemme4j.worker.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.ModelFactory;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.protocol.spec.TrainJobSpec;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.worker.training.MutableRateTracker;
import dev.flemme4j.worker.training.TorchAdam;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint written by one model instance resumes in another (as on a replacement worker): same parameters,
 * same Adam moments and step counts although DJL's parameter ids differ, same position and offsets.
 */
class CheckpointResumeTest {
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

    @Test
    void anotherInstanceResumesWeightsMomentsAndPosition(@TempDir Path root) throws Exception {
        try (FlemmeModel a = model(); FlemmeModel b = model()) {
            TorchAdam adamA = new TorchAdam(SPEC.optimizer(), new MutableRateTracker(0.001f));
            for (int step = 0; step < 3; step++) {
                for (Pair<String, Parameter> p : a.block().getParameters()) {
                    NDArray w = p.getValue().getArray();
                    adamA.update(p.getValue().getId(), w, w.mul(0.1f).add(step));
                }
            }
            TrainingCheckpoint position = new TrainingCheckpoint("j", 1, 14, 0.3, Map.of(), Map.of("t-0", 40L, "t-1", 37L),
                    null, 3);
            new CheckpointWriter(root).write(a, adamA, position);
            Path dir = root.resolve(CheckpointWriter.LAST);
            String firstA = a.block().getParameters().get(0).getValue().getId();
            String firstB = b.block().getParameters().get(0).getValue().getId();
            assertFalse(firstA.equals(firstB), "two instances, two sets of parameter ids");

            TorchAdam adamB = new TorchAdam(SPEC.optimizer(), new MutableRateTracker(0.001f));
            CheckpointResume.restore(dir, b, adamB, b.djlModel().getNDManager());

            for (int i = 0; i < a.block().getParameters().size(); i++) {
                assertArrayEquals(a.block().getParameters().get(i).getValue().getArray().toFloatArray(),
                        b.block().getParameters().get(i).getValue().getArray().toFloatArray(), 0f, "parameter " + i);
            }
            for (Pair<String, Parameter> p : b.block().getParameters()) {
                if (p.getValue().requiresGradient()) {
                    assertTrue(p.getValue().getArray().hasGradient(), p.getKey() + " trains again after the load");
                }
            }
            TensorRecord stateA = adamA.state(ParameterNames.of(a).idToName()::get);
            TensorRecord stateB = adamB.state(ParameterNames.of(b).idToName()::get);
            assertEquals(stateA.size(), stateB.size());
            assertTrue(stateA.size() > 0);
            for (NamedTensor t : stateA.tensors()) {
                NamedTensor u = stateB.require(t.name());
                if (t.name().startsWith("t/")) {
                    assertArrayEquals(t.toLongArray(), u.toLongArray(), t.name());
                } else {
                    assertArrayEquals(t.toFloatArray(), u.toFloatArray(), 0f, t.name());
                }
            }
            TrainingCheckpoint read = CheckpointResume.position(dir);
            assertEquals(position, read);
            assertTrue(read.midEpoch());
            assertNull(CheckpointResume.position(root.resolve("nothing-here")));
        }
    }

    private static FlemmeModel model() {
        return ModelFactory.create(ModelSpecs.parse(SPEC.modelNode()), Device.cpu());
    }
}
