package io.captionflow.ingest;

import io.captionflow.kafka.TestKafka;
import io.captionflow.schema.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Unique topics per test, created and probed until every partition's leader answers a leader-only request.
 * A leader visible in the metadata is not enough on a busy machine: an idempotent producer that hits
 * NOT_LEADER on its very first batch can get stuck on OUT_OF_ORDER_SEQUENCE (STACK-NOTES pitfall 3).
 */
public final class TestTopics {

    private TestTopics() {
    }

    public static Topics create(TestKafka.Broker broker, int partitions) {
        Topics topics = Topics.DEFAULT.withPrefix("t-" + UUID.randomUUID() + ".");
        List<String> names = List.of(topics.audio(), topics.sessionEvents());
        broker.createTopics(names, partitions);
        Map<TopicPartition, OffsetSpec> probe = new HashMap<>();
        for (String name : names) {
            for (int p = 0; p < partitions; p++) {
                probe.put(new TopicPartition(name, p), OffsetSpec.latest());
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (true) {
                try {
                    admin.listOffsets(probe).all().get();
                    return topics;
                } catch (Exception notReady) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("partition leaders of " + names + " do not answer", notReady);
                    }
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
