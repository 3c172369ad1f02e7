package io.archlab.sandbox.cluster;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.Map;

/**
 * How archlab's Hazelcast members are configured: TCP/IP join only (no multicast, no cloud
 * discovery), bound to one interface, no phone-home, no shutdown hook (the run handles its own
 * signals), fast failure detection, and Java deserialisation refused for every class.
 */
public final class Members {
    /** Member attribute: {@code coordinator} or {@code worker}. */
    public static final String ROLE = "archlab.role";
    public static final String COORDINATOR = "coordinator";
    public static final String WORKER = "worker";
    /** Where a worker's trials go (an IQueue per worker member). */
    static final String WORK_QUEUE = "archlab.work.";
    /** Results by trial id. */
    static final String RESULTS = "archlab.results";
    /** Each worker's signed status by member id. */
    static final String STATUS = "archlab.status";
    /** Data requests of workers, answered by the coordinator. */
    static final String DATA_REQUESTS = "archlab.data.requests";
    /** Data files by checksum: an index entry and the chunks. */
    static final String DATA = "archlab.data";
    /** Seconds without a heartbeat after which a member is taken for dead. */
    static final int MAX_NO_HEARTBEAT_SECONDS = 15;

    /**
     * Hazelcast's own log (banner, partition tables, every connection) is kept to warnings unless
     * {@code -Darchlab.cluster.log=INFO} asks for more; held here so the setting is not collected.
     */
    private static final java.util.logging.Logger HAZELCAST_LOG = java.util.logging.Logger.getLogger("com.hazelcast");

    /** Hazelcast's warnings that are expected here: partitions lost when the coordinator (their only owner) leaves. */
    private static final java.util.logging.Logger PARTITION_LOG =
            java.util.logging.Logger.getLogger("com.hazelcast.internal.partition");

    static {
        HAZELCAST_LOG.setLevel(java.util.logging.Level.parse(System.getProperty("archlab.cluster.log", "WARNING")));
        PARTITION_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private Members() {
    }

    /**
     * Starts a member.
     *
     * @param secret     the cluster's secret (its name is derived from it)
     * @param bindHost   the interface the member binds to and announces
     * @param port       the port; workers take the first free one from it
     * @param joinMember the coordinator's {@code host:port} for a worker, null for the coordinator
     * @param attributes member attributes (role, slots, labels)
     */
    static HazelcastInstance start(ClusterSecret secret, String bindHost, int port, String joinMember,
            Map<String, String> attributes) {
        Config c = new Config();
        c.setClusterName(secret.clusterName());
        c.setInstanceName("archlab-" + attributes.getOrDefault(ROLE, "member") + "-" + java.util.UUID.randomUUID());
        c.setLiteMember(joinMember != null);
        attributes.forEach(c.getMemberAttributeConfig()::setAttribute);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.setProperty("hazelcast.logging.type", "jdk");
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(MAX_NO_HEARTBEAT_SECONDS));
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.max.join.seconds", "20");
        c.setProperty("hazelcast.partition.count", "31");
        c.setProperty("hazelcast.health.monitoring.level", "OFF");
        c.getJetConfig().setEnabled(false);
        // Nothing is ever deserialised with Java serialisation: only strings and byte arrays cross.
        c.getSerializationConfig().setJavaSerializationFilterConfig(new JavaSerializationFilterConfig()
                .setDefaultsDisabled(true).setBlacklist(new ClassFilter().addPrefixes("")));
        NetworkConfig net = c.getNetworkConfig();
        // A coordinator restarted on its port (a resumed run) binds it again at once.
        net.setPort(port).setPortAutoIncrement(joinMember != null).setPortCount(200).setReuseAddress(true);
        net.getInterfaces().setEnabled(true).addInterface(bindHost);
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(5)
                .addMember(joinMember != null ? joinMember : bindHost + ":" + port);
        try {
            return Hazelcast.newHazelcastInstance(c);
        } catch (RuntimeException e) {
            throw new ClusterException("cannot start a cluster member on " + bindHost + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code host:port} split, with a clear error. */
    public static java.net.InetSocketAddress parseAddress(String what, String hostPort) {
        int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException(what + " " + hostPort + ": expected HOST:PORT, e.g. 10.0.0.5:5701");
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " " + hostPort + ": the port is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " " + hostPort + ": the port must be in 1..65535");
        }
        return java.net.InetSocketAddress.createUnresolved(hostPort.substring(0, colon), port);
    }
}
