package dev.flemme4j.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import dev.flemme4j.cli.kafka.EmbeddedKafkaBroker;
import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.ModelFactory;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.config.YamlDocument;
import dev.flemme4j.protocol.spec.OptimizerSpec;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.worker.data.BatchSource;
import dev.flemme4j.worker.data.DataTopicReader;
import dev.flemme4j.worker.data.Sample;
import dev.flemme4j.worker.data.SampleDecoder;
import dev.flemme4j.worker.data.TopicBatches;
import dev.flemme4j.worker.replicas.ParameterExchange;
import dev.flemme4j.worker.training.BenchAccess;
import dev.flemme4j.worker.training.OptimizerStep;
import dev.flemme4j.worker.training.SupervisedObjective;
import dev.flemme4j.worker.training.TrainingLoop;
import dev.flemme4j.worker.training.TrainingState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The runtime's benchmarks, each printing the ratio it is about from one run on one embedded broker:
 * <pre>
 * feed   the worker's training loop fed from a data topic (DataTopicReader + TopicBatches) against the same loop
 *        fed the same decoded samples from memory: samples/s each, Kafka/memory (goal >= 0.95)
 * scale  SIMULATION: N trainer threads (1, 2, 4, 8) whose step is a fixed sleep, averaging a parameter blob
 *        through the real replica exchange (ParameterExchange on flemme.replicas) every k steps: throughput and
 *        scaling efficiency against N x one trainer
 * </pre>
 * Arguments: {@code --mode=feed|scale|all --records=256 --batch=8 --epochs=3 --step-ms=40 --sync-every=5
 * --steps=60 --floats=131072}.
 */
public final class RuntimeBench {
    private static final String MODEL = """
            name: SeM
            encoder:
              name: UNet
              image_size: [32, 32]
              in_channel: 1
              out_channel: 1
              patch_channel: 8
              patch_size: 2
              down_channels: [16, 32]
              middle_channels: [64, 64]
              normalization: batch
            segmentation_losses:
              - name: Dice
              - name: BCEL
            """;
    private static final long[] SHAPE = {1, 32, 32};
    private static final int PAIRS = 3;

    private RuntimeBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (String s : args) {
            String[] kv = s.replaceFirst("^--", "").split("=", 2);
            a.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        String mode = a.getOrDefault("mode", "all");
        Path dir = Files.createTempDirectory("flemme-runtime-bench");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dir).port(0).controllerPort(0).start()) {
            broker.waitUntilReady(Duration.ofSeconds(90));
            KafkaClients kafka = new KafkaClients(broker.bootstrapServers());
            if (mode.equals("feed") || mode.equals("all")) {
                feed(kafka, num(a, "records", 256), num(a, "batch", 8), num(a, "epochs", 3));
            }
            if (mode.equals("scale") || mode.equals("all")) {
                scale(kafka, num(a, "step-ms", 40), num(a, "sync-every", 5), num(a, "steps", 60), num(a, "floats", 131072));
            }
        }
    }

    private static int num(Map<String, String> a, String key, int dflt) {
        return Integer.parseInt(a.getOrDefault(key, Integer.toString(dflt)));
    }

    // ------------------------------------------------------------------ (a) Kafka-fed vs memory-fed

    private static void feed(KafkaClients kafka, int records, int batch, int epochs) throws Exception {
        String topic = "bench-feed";
        try (Admin admin = kafka.admin("bench-admin")) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        Random random = new Random(1);
        List<byte[]> values = new ArrayList<>();
        try (Producer<String, byte[]> producer = kafka.producer("bench-feed-producer")) {
            for (int i = 0; i < records; i++) {
                byte[] v = sample(random);
                values.add(v);
                producer.send(new ProducerRecord<>(topic, "s" + i, v));
            }
            producer.flush();
        }
        SampleDecoder decoder = new SampleDecoder(SHAPE, SHAPE);
        List<Sample> decoded = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            decoded.add(decoder.decode("s" + i, values.get(i)));
        }
        Engine.getEngine(ModelFactory.ENGINE).setRandomSeed(0);
        JniUtils.setGradMode(false);
        int perEpoch = (records + batch - 1) / batch;
        try (FlemmeModel model = ModelFactory.create(ModelSpecs.parse(YamlDocument.parse(MODEL)), Device.cpu());
                Trainer trainer = model.djlModel().newTrainer(new DefaultTrainingConfig(model.trainingLoss())
                        .optOptimizer(BenchAccess.torchAdam(OptimizerSpec.parse(YamlDocument.parse("{name: Adam, lr: 0.001}"))))
                        .optDevices(new Device[] {Device.cpu()}))) {
            OptimizerStep step = new OptimizerStep(trainer, new SupervisedObjective(model), Device.cpu(), 0);
            run(step, memory(decoded, batch), 2, perEpoch); // warm-up, not reported
            double[] mem = new double[PAIRS];
            double[] kaf = new double[PAIRS];
            // interleaved (M K M K ...) so a drift in machine load hits both sides alike
            for (int r = 0; r < PAIRS; r++) {
                mem[r] = run(step, memory(decoded, batch), epochs, perEpoch);
                try (DataTopicReader reader = new DataTopicReader(kafka, topic, decoder, "bench-feed-" + r)) {
                    kaf[r] = run(step, new TopicBatches(reader, 1, new Random(0), batch, false, d -> { }, w -> { }),
                            epochs, perEpoch);
                }
            }
            double m = median(mem);
            double k = median(kaf);
            System.out.printf("feed: SeM/UNet 32x32, batch %d, %d records, %d epochs (%d steps) per run, %d runs each%n",
                    batch, records, epochs, epochs * perEpoch, PAIRS);
            System.out.printf("feed: memory-fed median %.1f samples/s %s; kafka-fed median %.1f samples/s %s;"
                    + " kafka/memory = %.3f (goal >= 0.95)%n", m, Arrays.toString(round(mem)), k,
                    Arrays.toString(round(kaf)), k / m);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double[] round(double[] v) {
        return Arrays.stream(v).map(x -> Math.round(x * 10) / 10.0).toArray();
    }

    /** Samples per second of one training run over {@code epochs} epochs. */
    private static double run(OptimizerStep step, BatchSource source, int epochs, int perEpoch) {
        TrainingState state = new TrainingState(epochs, (long) epochs * perEpoch, perEpoch);
        long[] samples = {0};
        TrainingLoop loop = new TrainingLoop(source, batch -> {
            samples[0] += batch.size();
            return step.apply(batch);
        }, List.of(), () -> false);
        long t0 = System.nanoTime();
        loop.run(state);
        return samples[0] / ((System.nanoTime() - t0) / 1e9);
    }

    /** The same samples, in topic order per epoch, without Kafka. */
    private static BatchSource memory(List<Sample> samples, int batch) {
        return new BatchSource() {
            @Override
            public void readEpoch(int epoch, Consumer<List<Sample>> sink, BooleanSupplier stop) {
                for (int i = 0; i < samples.size() && !stop.getAsBoolean(); i += batch) {
                    sink.accept(List.copyOf(samples.subList(i, Math.min(samples.size(), i + batch))));
                }
            }

            @Override
            public Map<String, Long> consumedOffsets() {
                return Map.of();
            }
        };
    }

    private static byte[] sample(Random random) {
        float[] image = new float[32 * 32];
        float[] mask = new float[32 * 32];
        int x0 = random.nextInt(16);
        int y0 = random.nextInt(16);
        for (int i = 0; i < image.length; i++) {
            boolean in = i % 32 >= x0 && i % 32 < x0 + 10 && i / 32 >= y0 && i / 32 < y0 + 10;
            mask[i] = in ? 1 : 0;
            image[i] = (in ? 0.8f : 0.2f) + 0.1f * (float) random.nextGaussian();
        }
        return TensorRecordCodec.standard().encode(TensorRecord.of(NamedTensor.ofFloats("image", SHAPE, image),
                NamedTensor.ofFloats("label", SHAPE, mask)));
    }

    // ------------------------------------------------------------------ (c) simulated replicas

    private static void scale(KafkaClients kafka, int stepMs, int syncEvery, int steps, int floats) throws Exception {
        try (Admin admin = kafka.admin("bench-admin")) {
            admin.createTopics(List.of(new NewTopic(Topics.REPLICAS, 1, (short) 1).configs(Map.of(
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(KafkaClients.MAX_RECORD_BYTES))))).all().get();
        }
        System.out.printf("scale: SIMULATION - each trainer's step is a %d ms sleep (no tensor work); every %d steps it"
                + " sends %d float32 (%.1f MB) through the real ParameterExchange and waits for all; %d steps each%n",
                stepMs, syncEvery, floats, floats * 4 / 1e6, steps);
        double one = 0;
        for (int n : new int[] {1, 2, 4, 8}) {
            double seconds = simulate(kafka, n, stepMs, syncEvery, steps, floats);
            double stepsPerSecond = (double) n * steps / seconds;
            if (n == 1) {
                one = stepsPerSecond;
            }
            System.out.printf("scale: N=%d  %.2f s, %.1f steps/s in all, efficiency %.3f (vs N x one trainer; ideal"
                    + " without sync %.1f steps/s)%n", n, seconds, stepsPerSecond, stepsPerSecond / (n * one),
                    n * 1000.0 / stepMs);
        }
    }

    private static double simulate(KafkaClients kafka, int n, int stepMs, int syncEvery, int steps, int floats)
            throws Exception {
        String job = "sim-" + n + "-" + System.nanoTime();
        long since = System.currentTimeMillis();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<ParameterExchange> exchanges = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                exchanges.add(new ParameterExchange(kafka, "bench-sim-" + r, job, 1, r, since));
            }
            float[] blob = new float[floats];
            Arrays.fill(blob, 0.5f);
            TensorRecord params = TensorRecord.of(NamedTensor.ofFloats("p", new long[] {floats}, blob));
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                ParameterExchange ex = exchanges.get(r);
                int rank = r;
                // as ParameterAveraging does: a replica waits for the others' records, not its own
                Set<Integer> others = Set.copyOf(IntStream.range(0, n).filter(i -> i != rank).boxed().toList());
                done.add(pool.submit(() -> {
                    for (int s = 1; s <= steps; s++) {
                        Thread.sleep(stepMs);
                        if (n > 1 && syncEvery > 0 && s % syncEvery == 0) {
                            ex.send(Integer.toString(s), params);
                            ex.await(Integer.toString(s), others, Duration.ofSeconds(60), () -> false);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            exchanges.forEach(ParameterExchange::close);
            return seconds;
        } finally {
            pool.shutdownNow();
        }
    }
}
