package dev.flemme4j.coordinator.dataset;

import dev.flemme4j.coordinator.job.JobRejection;
import dev.flemme4j.coordinator.job.RejectReason;
import dev.flemme4j.protocol.spec.TrainJobSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Flemme's {@code split_files}: each file lists sample names, one per line; a sample belongs to a split when its
 * image path contains one of the names (upstream's substring test, so {@code case_01} also matches
 * {@code case_010.png}). Without {@code train} files every sample trains, as in Flemme. Unlike Flemme, which picks the
 * validation samples out of the already reduced training set, validation samples are picked from the whole dataset,
 * so a val file still works when the train file leaves those samples out. Blank lines are skipped: upstream would
 * read them as the empty name, which every path contains.
 *
 * <p>Blocking file IO: call it off the event loop.
 */
public final class SplitFileSelection {
    private final DatasetScanner scanner;

    public SplitFileSelection(DatasetScanner scanner) {
        this.scanner = scanner;
    }

    public record Split(List<SamplePair> train, List<SamplePair> val) {
    }

    public Split split(List<SamplePair> all, TrainJobSpec.SplitFiles files) {
        List<SamplePair> train = files.train() == null ? all : select(all, files.train(), "split_files.train");
        List<SamplePair> val = files.val() == null ? List.of() : select(all, files.val(), "split_files.val");
        return new Split(train, val);
    }

    private List<SamplePair> select(List<SamplePair> all, List<String> listFiles, String key) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < listFiles.size(); i++) {
            String at = listFiles.size() == 1 ? key : key + "[" + i + "]";
            Path file = scanner.confined(at, listFiles.get(i));
            try {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        names.add(line.strip());
                    }
                }
            } catch (IOException e) {
                throw new JobRejection(RejectReason.DATA, at, "cannot read split file " + file + (Files.exists(file) ? ": "
                        + e.getClass().getSimpleName() : ": it does not exist (relative paths are resolved against the coordinator's data root)"));
            }
        }
        List<SamplePair> out = all.stream().filter(p -> names.stream().anyMatch(p.image().toString()::contains)).toList();
        if (out.isEmpty()) {
            throw new JobRejection(RejectReason.DATA, key, "none of the " + all.size() + " samples has a path containing one"
                    + " of the " + names.size() + " names in " + listFiles);
        }
        return out;
    }
}
