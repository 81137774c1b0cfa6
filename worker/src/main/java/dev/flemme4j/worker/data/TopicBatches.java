package dev.flemme4j.worker.data;

import java.util.List;
import java.util.Map;
import java.util.Random;
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

    @Override
    public void readEpoch(int epoch, Consumer<List<Sample>> sink, BooleanSupplier stop) {
        BatchAssembler batches = new BatchAssembler(batchSize, dropLast, sink);
        ShuffleBuffer<Sample> shuffle = new ShuffleBuffer<>(shuffleBuffer, random);
        reader.readPass(s -> {
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

    @Override
    public Map<String, Long> consumedOffsets() {
        return reader.consumedOffsets();
    }
}
