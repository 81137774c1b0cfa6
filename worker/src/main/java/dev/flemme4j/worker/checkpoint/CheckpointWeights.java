package dev.flemme4j.worker.checkpoint;

import ai.djl.MalformedModelException;
import dev.flemme4j.modelzoo.FlemmeModel;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Puts the parameters a {@link CheckpointWriter} saved back into the model they came from. */
public final class CheckpointWeights {
    private CheckpointWeights() {
    }

    public static void restore(FlemmeModel model, Path checkpointDir) throws IOException {
        Path params = checkpointDir.resolve(CheckpointWriter.PARAMETERS);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(params))) {
            model.block().loadParameters(model.djlModel().getNDManager(), new DataInputStream(in));
        } catch (MalformedModelException e) {
            throw new IOException("checkpoint " + params + " does not fit the model: " + e.getMessage(), e);
        }
    }
}
