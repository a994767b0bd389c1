package dev.footfall.cli;

import dev.footfall.enrich.EventRequest;
import dev.footfall.ingest.Ingestion;
import dev.footfall.journal.JournalBusyException;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * Plausible-looking traffic for the demo site, sent through the real ingest pipeline (enrichment,
 * sessions, group commit) with past timestamps. Visitors come from a small pool of user agents,
 * referrers and pages with skewed popularity, so every dashboard panel has something to show.
 */
public final class DemoTraffic {
    private static final List<String> USER_AGENTS = SampleTraffic.USER_AGENTS;
    private static final List<String> REFERRERS = SampleTraffic.REFERRERS;
    private static final List<String> PAGES = List.of("/", "/", "/", "/pricing", "/docs", "/docs/install", "/docs/api",
            "/blog", "/blog/why-rollups", "/blog/privacy", "/about", "/contact");
    private static final List<String> CAMPAIGNS = List.of("", "", "", "", "?utm_source=newsletter&utm_medium=email&utm_campaign=launch");

    private final Ingestion ingestion;
    private final String domain;
    private final RandomGenerator random;

    public DemoTraffic(Ingestion ingestion, String domain, RandomGenerator random) {
        this.ingestion = ingestion;
        this.domain = domain;
        this.random = random;
    }

    /** Generates {@code days} days of history ending now; returns the number of events sent. */
    public int history(int days, int visitorsPerDay, Instant now) throws Exception {
        record Hit(Instant at, EventRequest request, String ip, String ua) {}
        List<Hit> hits = new ArrayList<>();
        Instant start = now.minus(Duration.ofDays(days));
        for (int day = 0; day < days; day++) {
            int visitors = (int) (visitorsPerDay * (0.7 + 0.6 * random.nextDouble()) * (1 + day / (double) days));
            for (int v = 0; v < visitors; v++) {
                Instant at = start.plus(Duration.ofDays(day)).plusSeconds(random.nextLong(86_400));
                if (at.isAfter(now)) continue;
                String ip = publicIp();
                String ua = pick(USER_AGENTS);
                String referrer = pick(REFERRERS);
                String campaign = pick(CAMPAIGNS);
                int pages = 1 + (int) Math.floor(-Math.log(1 - random.nextDouble()) * 1.5);
                for (int p = 0; p < pages && !at.isAfter(now); p++) {
                    String url = "https://" + domain + skewedPage() + (p == 0 ? campaign : "");
                    hits.add(new Hit(at, event("pageview", url, p == 0 ? referrer : "https://" + domain + "/", Map.of()), ip, ua));
                    if (random.nextInt(20) == 0) {
                        hits.add(new Hit(at.plusSeconds(5), event("Signup", url, "", Map.of("plan", pick(List.of("free", "pro", "team")))), ip, ua));
                    }
                    at = at.plusSeconds(10 + random.nextLong(240));
                }
            }
        }
        hits.sort(Comparator.comparing(Hit::at));
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (Hit hit : hits) {
            while (true) {
                try {
                    pending.add(ingestion.ingest(hit.request(), hit.ip(), hit.ua(), hit.at()).appended().durable());
                    break;
                } catch (JournalBusyException full) {
                    Thread.sleep(5);
                }
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        return hits.size();
    }

    /** One live pageview now, so the realtime view has visitors. */
    void live() throws JournalBusyException {
        String ip = publicIp();
        ingestion.ingest(event("pageview", "https://" + domain + skewedPage(), pick(REFERRERS), Map.of()), ip, pick(USER_AGENTS));
    }

    /** A random address outside the private and reserved blocks, so the GeoIP database places it somewhere. */
    private String publicIp() {
        while (true) {
            int first = random.nextInt(1, 224);
            if (first == 10 || first == 100 || first == 127 || first == 169 || first == 172 || first == 192) continue;
            return first + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
        }
    }

    private String skewedPage() {
        return PAGES.get((int) Math.min(PAGES.size() - 1, Math.floor(-Math.log(1 - random.nextDouble()) * 3)));
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private EventRequest event(String name, String url, String referrer, Map<String, String> props) {
        return new EventRequest(name, URI.create(url), List.of(domain), referrer, props, true, false, null, null);
    }
}
