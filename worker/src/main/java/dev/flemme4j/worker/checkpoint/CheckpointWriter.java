package dev.flemme4j.worker.checkpoint;

import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.worker.training.TorchAdam;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes {@code ckp_last}: parameters (DJL format, incl. BatchNorm running statistics), optimizer moments and
 * the training position; and, like Flemme, copies it to {@code ckp_best_score} when that validation was the best
 * by the score metric. Each is written to a temporary directory and renamed, so a crash mid-write never leaves a
 * half checkpoint where a resume or the export would look.
 */
public final class CheckpointWriter {
    public static final String LAST = dev.flemme4j.protocol.job.ArtifactReference.LAST;
    public static final String BEST_SCORE = dev.flemme4j.protocol.job.ArtifactReference.BEST;
    static final String PARAMETERS = dev.flemme4j.protocol.job.ArtifactReference.PARAMETERS;
    static final String OPTIMIZER = "optimizer.fltr";
    static final String STATE = "state.json";

    private final Path root;

    public CheckpointWriter(Path root) {
        this.root = root;
    }

    public Path write(FlemmeModel model, TorchAdam optimizer, TrainingCheckpoint position) throws IOException {
        Files.createDirectories(root);
        Path tmp = Files.createTempDirectory(root, ".ckp-");
        try (OutputStream out = Files.newOutputStream(tmp.resolve(PARAMETERS));
                DataOutputStream data = new DataOutputStream(out)) {
            model.block().saveParameters(data);
        }
        Files.write(tmp.resolve(OPTIMIZER), TensorRecordCodec.standard().encode(
                optimizer.state(ParameterNames.of(model).idToName()::get)));
        Files.write(tmp.resolve(STATE), Json.bytes(position));
        return replace(tmp, LAST);
    }

    /** This writer bound to one model and optimizer, as the training loop's checkpoint listener uses it. */
    public CheckpointStore of(FlemmeModel model, TorchAdam optimizer) {
        return new CheckpointStore() {
            @Override
            public Path writeLast(TrainingCheckpoint position) throws IOException {
                return write(model, optimizer, position);
            }

            @Override
            public Path copyLastToBest() throws IOException {
                return CheckpointWriter.this.copyLastToBest();
            }
        };
    }

    /** Copies the {@code ckp_last} just written to {@code ckp_best_score}. */
    public Path copyLastToBest() throws IOException {
        Path tmp = Files.createTempDirectory(root, ".ckp-");
        try (var files = Files.list(root.resolve(LAST))) {
            for (Path f : files.toList()) {
                Files.copy(f, tmp.resolve(f.getFileName()));
            }
        }
        return replace(tmp, BEST_SCORE);
    }

    private Path replace(Path tmp, String name) throws IOException {
        Path target = root.resolve(name);
        if (Files.exists(target)) {
            Path old = root.resolve(".old-" + name);
            deleteTree(old);
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } else {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
