package dev.footfall.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Slows password guessing. Tries are counted per account <em>from one client</em> and per
 * client over all accounts; past either limit in a window, further tries are refused until the
 * window ends. There is deliberately no limit per account alone: it would let anyone lock the
 * owner out by failing five times with the owner's address from anywhere.
 *
 * <p>A try is counted when it starts, before the password is checked, and given back when it
 * succeeds: checking a password takes tens of milliseconds, and counting only after it let
 * parallel requests all pass the check before the first failure was counted.
 *
 * <p>Counts live in memory only (a restart forgives them); client addresses are never written anywhere.
 */
public final class LoginThrottle {
    /** How long failures are remembered: a guesser gets a handful of tries per quarter hour. */
    static final Duration WINDOW = Duration.ofMinutes(15);
    /** Failed tries at one account from one client per window: a person who mistyped five times waits or asks the owner. */
    public static final int PER_ACCOUNT_AND_CLIENT = 5;
    /** Failed tries from one client per window, whatever the accounts: higher, since an office may share one address. */
    public static final int PER_CLIENT = 20;
    /**
     * IPv6 clients are counted by their /64: one subscriber usually holds a whole /64 (RFC 6177),
     * so counting single addresses would give a guesser 2^64 fresh clients.
     */
    private static final int IPV6_CLIENT_PREFIX_BYTES = 8;
    /** Keys remembered at once; beyond it the oldest go, which favours the guesser only under a flood. */
    private static final int KEYS = 100_000;

    private final Clock clock;
    private final Cache<String, Failures> failures = Caffeine.newBuilder().expireAfterWrite(WINDOW).maximumSize(KEYS).build();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /**
     * Starts a try at {@code account} from {@code client}: empty when it may go ahead (it is then
     * counted as failed until {@link #succeeded} or {@link #refund}), else how long to wait.
     * Checking both limits and counting happen as one step, so parallel tries cannot overshoot.
     */
    public synchronized Optional<Duration> attempt(String account, String client) {
        Instant now = clock.instant();
        String pair = pairKey(account, client), group = clientKey(client);
        Optional<Duration> wait = wait(pair, PER_ACCOUNT_AND_CLIENT, now).or(() -> wait(group, PER_CLIENT, now));
        if (wait.isPresent()) return wait;
        count(pair, now, 1);
        count(group, now, 1);
        return Optional.empty();
    }

    /**
     * The try succeeded: the account's count from this client is cleared (the person knows the
     * password), and the client gets this try back (it may still be guessing other accounts).
     */
    public synchronized void succeeded(String account, String client) {
        failures.invalidate(pairKey(account, client));
        count(clientKey(client), clock.instant(), -1);
    }

    /** The try is not held against anyone (it turned out not to be a guess): both counts get it back. */
    public synchronized void refund(String account, String client) {
        Instant now = clock.instant();
        count(pairKey(account, client), now, -1);
        count(clientKey(client), now, -1);
    }

    private static String pairKey(String account, String client) {
        // A newline appears in neither an e-mail address nor a client address, so keys cannot collide.
        return "pair:" + account + "\n" + clientGroup(client);
    }

    private static String clientKey(String client) {
        return "client:" + clientGroup(client);
    }

    /** The unit a client is counted in: its address, or its /64 for IPv6. */
    static String clientGroup(String client) {
        if (client == null || client.indexOf(':') < 0) return String.valueOf(client);
        try {
            byte[] bytes = InetAddress.ofLiteral(client).getAddress();
            if (bytes.length != 16) return client;
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < IPV6_CLIENT_PREFIX_BYTES; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        } catch (IllegalArgumentException e) {
            return client; // not an address literal: counted as given
        }
    }

    private Optional<Duration> wait(String key, int limit, Instant now) {
        Failures f = failures.getIfPresent(key);
        if (f == null || f.count() < limit) return Optional.empty();
        Duration left = Duration.between(now, f.since().plus(WINDOW));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    /** Adds {@code delta} to the key's count in the current window; a window that has ended starts anew. */
    private void count(String key, Instant now, int delta) {
        failures.asMap().compute(key, (k, f) -> {
            boolean expired = f == null || !now.isBefore(f.since().plus(WINDOW));
            if (expired) return delta > 0 ? new Failures(now, delta) : null;
            int count = f.count() + delta;
            return count <= 0 ? null : new Failures(f.since(), count);
        });
    }

    private record Failures(Instant since, int count) {}
}
