package dev.flemme4j.worker.data;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * Batches from a data topic: each epoch one pass over the topic through a shuffle buffer (of one sample when
 * {@code loader.shuffle} is off) into batches of {@code loader.batch_size}; reports how full the pipeline is.
 */
public final class TopicBatches implements BatchSource {
    private final DataTopicReader reader;
    private final int shuffleBuffer;
    private final Random random;
    private final int batchSize;
    private final boolean dropLast;
    private final DoubleConsumer queueDepth;
    private final Consumer<String> onSkipped;
    /** Where each sample handed out but not yet trained came from; what a mid-epoch checkpoint must not skip. */
    private final Map<Sample, Position> inFlight = new IdentityHashMap<>();
    private final Map<String, Long> handedUpTo = new TreeMap<>();
    private Map<String, Long> resumeFrom = Map.of();
    private int batchesPerEpoch;
    private long resumedSteps;

    private record Position(String partition, long offset) {
    }

    public TopicBatches(DataTopicReader reader, int shuffleBuffer, Random random, int batchSize, boolean dropLast,
            DoubleConsumer queueDepth, Consumer<String> onSkipped) {
        this.reader = reader;
        this.shuffleBuffer = shuffleBuffer;
        this.random = random;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.queueDepth = queueDepth;
        this.onSkipped = onSkipped;
    }

    /** The next epoch starts each partition at these offsets (a mid-epoch checkpoint's), later ones at the start. */
    public void resumeFrom(Map<String, Long> offsets) {
        resumeFrom = Map.copyOf(offsets);
    }

    /** Like {@link #resumeFrom(Map)}, {@code stepsDone} steps into the epoch (they count against the batch limit). */
    public void resumeFrom(Map<String, Long> offsets, long stepsDone) {
        resumeFrom(offsets);
        resumedSteps = stepsDone;
    }

    /** Every epoch yields at most {@code n} batches, the last absorbing the rest (see {@link BatchAssembler#limit}). */
    public TopicBatches limitBatches(int n) {
        batchesPerEpoch = n;
        return this;
    }

    @Override
    public void readEpoch(int epoch, Consumer<List<Sample>> sink, BooleanSupplier stop) {
        inFlight.clear();
        handedUpTo.clear();
        handedUpTo.putAll(resumeFrom);
        BatchAssembler batches = new BatchAssembler(batchSize, dropLast, batch -> {
            sink.accept(batch);
            batch.forEach(inFlight::remove);
        });
        if (batchesPerEpoch > 0) {
            batches.limit((int) Math.max(1, batchesPerEpoch - resumedSteps));
        }
        resumedSteps = 0;
        ShuffleBuffer<Sample> shuffle = new ShuffleBuffer<>(shuffleBuffer, random);
        Map<String, Long> from = resumeFrom;
        resumeFrom = Map.of();
        reader.readPass(from, (s, partition, offset) -> {
            inFlight.put(s, new Position(partition, offset));
            handedUpTo.put(partition, offset + 1);
            Sample out = shuffle.offer(s);
            if (out != null) {
                batches.add(out);
            }
            queueDepth.accept((shuffle.size() + batches.pending()) / (double) batchSize);
        }, onSkipped, stop);
        for (Sample s = shuffle.drain(); s != null; s = shuffle.drain()) {
            batches.add(s);
            queueDepth.accept((shuffle.size() + batches.pending()) / (double) batchSize);
        }
        batches.finish();
        queueDepth.accept(0);
    }

    /**
     * Per partition, the first offset not yet trained in this epoch: samples still in the shuffle buffer or a
     * partial batch count as not trained, so resuming here repeats at most those (never skips one).
     */
    @Override
    public Map<String, Long> consumedOffsets() {
        Map<String, Long> out = new TreeMap<>(handedUpTo);
        for (Position p : inFlight.values()) {
            out.merge(p.partition(), p.offset(), Math::min);
        }
        return out;
    }
}
