package dev.footfall.bench;

import java.util.Map;

/**
 * What one load run saw.
 *
 * @param acknowledged   202 answers over the whole run, warm-up included (what storage must hold)
 * @param measured       202 answers to requests sent in the measured period
 * @param seconds        length of the measured period
 * @param p50Millis      median ack latency in the measured period
 * @param p99Millis      99th percentile ack latency in the measured period
 * @param maxMillis      slowest ack in the measured period
 * @param otherStatuses  answers other than 202, by status (or by class, when the generator only counts classes), whole run
 * @param ioErrors       connections that failed or timed out, over the whole run
 * @param maxUnanswered  requests that may have reached the server but were never answered (stopped mid-flight)
 */
public record LoadResult(String generator, long acknowledged, long measured, double seconds, double p50Millis,
                         double p99Millis, double maxMillis, Map<String, Long> otherStatuses, long ioErrors,
                         long maxUnanswered) {
    public double eventsPerSecond() {
        return measured / seconds;
    }
}
