package dev.flemme4j.worker.replicas;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.worker.WorkerMetrics;
import dev.flemme4j.worker.training.TorchAdam;
import dev.flemme4j.worker.training.StepResult;
import dev.flemme4j.worker.training.TrainingListener;
import dev.flemme4j.worker.training.TrainingState;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one replica of a data-parallel job: before the first step every replica takes rank 0's parameters (one
 * starting point, whatever each process's initialisation did), then every {@code job.sync_every} global steps and
 * at every epoch end all replicas exchange their float32 parameters (BatchNorm running statistics included) and
 * Adam moments, and each replaces its own by the mean. Every replica adds the same records in rank order, so
 * they all end a round with bit-identical parameters and optimizer state, and rank 0's checkpoint is every
 * replica's (with local moments, the momenta of the replicas drift apart between rounds and a resume could
 * restore only rank 0's).
 * Registered before the validation, checkpoint and export listeners, so those see averaged weights.
 *
 * <p>The arrays are written in place ({@link NDArray#set}): the trainer attached gradients to these very arrays,
 * and no new NDArray is created, so nothing here needs a manager of its own.
 */
public final class ParameterAveraging implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(ParameterAveraging.class);
    static final String START = "start";

    private final Block block;
    private final TorchAdam optimizer;
    private final Map<String, String> idToName;
    private final ParameterExchange exchange;
    private final int rank;
    private final int replicas;
    private final long syncEvery;
    private final Duration timeout;
    private final BooleanSupplier cancelled;
    private final WorkerMetrics metrics;
    private final String jobId;
    private long lastRoundStep = -1;
    private int rounds;
    private long bytesSent;
    private double roundSeconds;

    /**
     * @param optimizer whose moments are averaged too, or null for parameters only
     * @param idToName  DJL parameter id → hierarchical name (ids differ between processes, names do not)
     */
    public ParameterAveraging(Block block, TorchAdam optimizer, Map<String, String> idToName,
            ParameterExchange exchange, int rank, int replicas, long syncEvery, Duration timeout,
            BooleanSupplier cancelled, WorkerMetrics metrics, String jobId) {
        this.block = block;
        this.optimizer = optimizer;
        this.idToName = idToName;
        this.exchange = exchange;
        this.rank = rank;
        this.replicas = replicas;
        this.syncEvery = syncEvery;
        this.timeout = timeout;
        this.cancelled = cancelled;
        this.metrics = metrics;
        this.jobId = jobId;
    }

    /** Averaging rounds completed so far (the start broadcast not counted). */
    public int rounds() {
        return rounds;
    }

    /** What the rounds so far cost: bytes this replica sent and seconds spent in rounds (waiting included). */
    public String cost() {
        return String.format(java.util.Locale.ROOT, "%.1f MB sent, %.1f s in rounds (%.0f ms a round)",
                bytesSent / 1e6, roundSeconds, rounds == 0 ? 0 : roundSeconds * 1000 / rounds);
    }

    @Override
    public void onTrainingStart(TrainingState state) {
        if (rank == 0) {
            exchange.send(START, snapshot());
            return;
        }
        Map<Integer, TensorRecord> from = exchange.await(START, Set.of(0), timeout, cancelled);
        if (from != null) {
            load(from.get(0), 1.0f);
            LOG.info("job {}: replica {} of {} starts from rank 0's parameters", jobId, rank, replicas);
        }
    }

    @Override
    public void onStep(TrainingState state, StepResult step) {
        if (syncEvery > 0 && state.step() % syncEvery == 0) {
            average(state.step());
        }
    }

    @Override
    public void onEpochEnd(TrainingState state) {
        if (state.step() != lastRoundStep) {
            average(state.step());
        }
    }

    private void average(long step) {
        long t0 = System.nanoTime();
        String round = "s" + step;
        TensorRecord own = snapshot();
        long sent = exchange.send(round, own);
        Set<Integer> others = IntStream.range(0, replicas).filter(r -> r != rank).boxed().collect(Collectors.toSet());
        Map<Integer, TensorRecord> got = exchange.await(round, others, timeout, cancelled);
        if (got == null) {
            return; // cancelled: the loop ends the run
        }
        got.put(rank, own);
        List<TensorRecord> inOrder = new ArrayList<>();
        for (int r = 0; r < replicas; r++) {
            inOrder.add(got.get(r));
        }
        load(sum(inOrder), 1.0f / replicas);
        lastRoundStep = step;
        rounds++;
        double seconds = (System.nanoTime() - t0) / 1e9;
        bytesSent += sent;
        roundSeconds += seconds;
        metrics.recordReplicaRound(jobId, seconds, sent);
        LOG.debug("job {}: replica {} averaged round {} with {} others in {} s", jobId, rank, round, others.size(),
                seconds);
    }

    /** This replica's float32 parameters by their hierarchical names, and its Adam moments ({@code m/}, {@code v/}). */
    TensorRecord snapshot() {
        List<NamedTensor> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            if (a.getDataType() == DataType.FLOAT32) {
                out.add(NamedTensor.ofFloats(p.getKey(), a.getShape().getShape(), a.toFloatArray()));
            }
        }
        if (optimizer != null) {
            optimizer.forEachMoment((key, a) -> out.add(NamedTensor.ofFloats(momentName(key), a.getShape().getShape(),
                    a.toFloatArray())));
        }
        return TensorRecord.of(out);
    }

    /** {@code m/<id>} → {@code m/<name>}. */
    private String momentName(String key) {
        String name = idToName.get(key.substring(2));
        if (name == null) {
            throw new ReplicaSyncException("optimizer state of parameter id " + key.substring(2)
                    + ", which the model does not have");
        }
        return key.substring(0, 2) + name;
    }

    /** Element-wise sum of the records, added in list order (the same order on every replica). */
    static TensorRecord sum(List<TensorRecord> records) {
        TensorRecord first = records.get(0);
        List<NamedTensor> out = new ArrayList<>();
        for (NamedTensor t : first.tensors()) {
            float[] acc = t.toFloatArray();
            for (TensorRecord other : records.subList(1, records.size())) {
                NamedTensor o = other.find(t.name()).orElseThrow(() -> new ReplicaSyncException(
                        "a replica sent no parameter " + t.name() + ": the replicas do not train the same model"));
                float[] v = o.toFloatArray();
                if (v.length != acc.length) {
                    throw new ReplicaSyncException("parameter " + t.name() + " has " + v.length + " values on one"
                            + " replica and " + acc.length + " on another");
                }
                for (int i = 0; i < acc.length; i++) {
                    acc[i] += v[i];
                }
            }
            out.add(NamedTensor.ofFloats(t.name(), t.shape(), acc));
        }
        return TensorRecord.of(out);
    }

    /** Writes {@code record × scale} into the model's arrays in place. */
    void load(TensorRecord record, float scale) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            if (a.getDataType() != DataType.FLOAT32) {
                continue;
            }
            NamedTensor t = record.find(p.getKey()).orElseThrow(() -> new ReplicaSyncException(
                    "the other replica's record has no parameter " + p.getKey()));
            writeScaled(a, t, scale, "parameter " + p.getKey());
        }
        if (optimizer != null) {
            optimizer.forEachMoment((key, a) -> {
                String name = momentName(key);
                // a replica that has not stepped yet has no moments: the start broadcast carries none either
                record.find(name).ifPresent(t -> writeScaled(a, t, scale, "optimizer state " + name));
            });
        }
    }

    /** {@code t × scale} into {@code a} in place; {@code what} names the array when the sizes differ. */
    private static void writeScaled(NDArray a, NamedTensor t, float scale, String what) {
        float[] v = t.toFloatArray();
        if (v.length != a.size()) {
            throw new ReplicaSyncException(what + " has " + v.length + " values from the other replica, " + a.size() + " here");
        }
        if (scale != 1.0f) {
            for (int i = 0; i < v.length; i++) {
                v[i] *= scale;
            }
        }
        a.set(FloatBuffer.wrap(v));
    }
}
