package dev.flemme4j.worker.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.ModelFactory;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.protocol.spec.TrainJobSpec;
import dev.flemme4j.worker.training.MutableRateTracker;
import dev.flemme4j.worker.training.TorchAdam;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export's restore of a best checkpoint puts back exactly the parameters that were saved. */
class CheckpointWeightsTest {
    @Test
    void restoreBringsBackTheSavedParameters(@TempDir Path root) throws Exception {
        TrainJobSpec spec = TrainJobSpec.parse("""
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
        try (FlemmeModel model = ModelFactory.create(ModelSpecs.parse(spec.modelNode()), Device.cpu())) {
            CheckpointWriter writer = new CheckpointWriter(root);
            TorchAdam optimizer = new TorchAdam(spec.optimizer(), new MutableRateTracker(0.001f));
            writer.write(model, optimizer, new TrainingCheckpoint("j", 1, 1, 0.5, Map.of(), Map.of(), null, 0));
            writer.copyLastToBest();
            List<float[]> saved = values(model);
            for (Pair<String, Parameter> p : model.block().getParameters()) {
                NDArray a = p.getValue().getArray();
                a.addi(1f); // stands in for the epochs trained after the best one
            }
            assertFalse(java.util.Arrays.equals(saved.get(0), values(model).get(0)), "the test must change the weights");

            CheckpointWeights.restore(model, root.resolve(CheckpointWriter.BEST_SCORE));

            List<float[]> restored = values(model);
            for (int i = 0; i < saved.size(); i++) {
                assertArrayEquals(saved.get(i), restored.get(i), 0f, "parameter " + i);
            }
        }
    }

    private static List<float[]> values(FlemmeModel model) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : model.block().getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }
}
