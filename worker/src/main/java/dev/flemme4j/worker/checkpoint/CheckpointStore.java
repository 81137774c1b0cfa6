package dev.flemme4j.worker.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** Where the training loop's checkpoints go: {@code ckp_last}, and a copy as {@code ckp_best_score}. */
public interface CheckpointStore {
    /** Writes the current weights, optimizer state and {@code position} as {@code ckp_last}; returns its directory. */
    Path writeLast(TrainingCheckpoint position) throws IOException;

    /** Copies the {@code ckp_last} just written to {@code ckp_best_score}. */
    Path copyLastToBest() throws IOException;
}
