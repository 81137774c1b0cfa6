package dev.flemme4j.worker.checkpoint;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.worker.training.TorchAdam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads back what {@link CheckpointWriter} wrote so a job continues where an earlier attempt stopped: the
 * parameters, the Adam moments and step counts, and the training position with its data offsets.
 */
public final class CheckpointResume {
    private CheckpointResume() {
    }

    /** The position recorded in {@code dir}, or null when {@code dir} holds no checkpoint. */
    public static TrainingCheckpoint position(Path dir) throws IOException {
        Path state = dir.resolve(CheckpointWriter.STATE);
        return Files.exists(state) ? Json.read(Files.readAllBytes(state), TrainingCheckpoint.class) : null;
    }

    /**
     * The position in {@code dir} if there is a readable one, else null after telling {@code unusable} why
     * ({@code missing} or {@code unreadable}): a command naming a checkpoint that is gone or corrupt trains from
     * the start rather than failing the job.
     */
    public static TrainingCheckpoint usablePosition(Path dir, java.util.function.Consumer<String> unusable) {
        try {
            TrainingCheckpoint at = Files.isDirectory(dir) ? position(dir) : null;
            if (at == null) {
                unusable.accept("missing");
            }
            return at;
        } catch (IOException | RuntimeException e) {
            unusable.accept("unreadable");
            return null;
        }
    }

    /** Loads parameters and optimizer state from {@code dir} into this process's model and optimizer. */
    public static void restore(Path dir, FlemmeModel model, TorchAdam optimizer, NDManager manager) throws IOException {
        CheckpointWeights.restore(model, dir);
        // loading replaces the arrays, and the new ones do not record gradients: training them needs that back
        for (Pair<String, Parameter> p : model.block().getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
        Path opt = dir.resolve(CheckpointWriter.OPTIMIZER);
        if (Files.exists(opt)) {
            ParameterNames names = ParameterNames.of(model);
            optimizer.restore(TensorRecordCodec.standard().decode(Files.readAllBytes(opt)), manager,
                    name -> {
                        String id = names.nameToId().get(name);
                        if (id == null) {
                            throw new IllegalArgumentException("optimizer state names parameter " + name
                                    + ", which this model does not have");
                        }
                        return id;
                    });
        }
    }
}
