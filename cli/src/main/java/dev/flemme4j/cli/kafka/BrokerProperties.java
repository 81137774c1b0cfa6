package dev.flemme4j.cli.kafka;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The configuration of a single-node KRaft cluster: one process is both broker and controller. Defaults are
 * chosen for a local, single-machine store of training data, not for a production cluster.
 */
final class BrokerProperties {

    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** Tensor records (a batch of 64² images, a chunk of a 3D volume) are far above Kafka's 1 MiB default. */
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    /** Internal topics default to 50 partitions; a single node serving a handful of groups needs a few. */
    private static final int INTERNAL_TOPIC_PARTITIONS = 4;

    private BrokerProperties() {
    }

    static Properties forSingleNode(Path logDir, String bindHost, String advertisedHost, int port,
                                    int controllerPort, Map<String, String> overrides) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(NODE_ID));
        // A static voter set (not --standalone's dynamic quorum) keeps endpoints out of the metadata log,
        // so a restart on the same data dir may pick different ports.
        // Only this process talks to its controller, so the voter address is a local one.
        String voterHost = isWildcard(bindHost) ? "127.0.0.1" : bindHost;
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + voterHost + ":" + controllerPort);
        p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        p.setProperty("listeners",
                "PLAINTEXT://" + bindHost + ":" + port + "," + CONTROLLER_LISTENER + "://" + bindHost + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + advertisedHost + ":" + port);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());

        // one node: every internal topic has one replica
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");

        // consumers join at once instead of waiting 3 s for more members that will never come
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "true");

        p.setProperty("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        p.setProperty("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        // Datasets are ingested once and then read for every job: the 7-day default would silently delete them.
        p.setProperty("log.retention.ms", "-1");
        // The cleaner allocates its dedupe map up front (128 MiB by default); compacted topics here are small.
        p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));

        overrides.forEach(p::setProperty);
        return p;
    }

    static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.isEmpty();
    }
}
