package io.draftnrun.application.organization;

import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Slows password guessing down without ever letting an attacker lock the right password out (ADR 0013). Three rules,
 * each bounded in time:
 *
 * <ul>
 *   <li><b>Account and address</b>: after {@value #FREE_FAILURES} failures in a row on one account from one client
 *       address, that address waits 1 s, then 2 s, 4 s... at most {@link #MAX_PAIR_DELAY} before its next try on that
 *       account. A success resets it; it is forgotten {@link #PAIR_MEMORY} after the last failure.
 *   <li><b>Account, all addresses</b> (short): once {@value #ACCOUNT_FAILURES} failures on the account fall within
 *       {@link #ACCOUNT_WINDOW}, an address that has failed on it waits until fewer do, at most a window after its own
 *       last failure. An address that has not failed on the account is never held back by this rule, so the owner
 *       signs in at once from their own address however many addresses guess (and within a minute after a typo); a
 *       guesser gets about one try a minute per address while the account is under attack.
 *   <li><b>Address, all accounts</b>: once {@value #ADDRESS_FAILURES} failures from one address fall within
 *       {@link #ADDRESS_WINDOW} (password spraying), that address waits until fewer do.
 * </ul>
 *
 * Refused attempts are not failures (nothing is checked), so no rule extends itself. Per process: several instances
 * each keep their own counts. Memory is bounded ({@value #MAX_ENTRIES} entries per rule, stale ones dropped first).
 */
public final class SignInThrottle {
    static final int FREE_FAILURES = 3;
    static final Duration MAX_PAIR_DELAY = Duration.ofMinutes(5);
    static final Duration PAIR_MEMORY = Duration.ofMinutes(15);
    static final int ACCOUNT_FAILURES = 10;
    static final Duration ACCOUNT_WINDOW = Duration.ofMinutes(1);
    static final int ADDRESS_FAILURES = 30;
    static final Duration ADDRESS_WINDOW = Duration.ofMinutes(10);
    static final int MAX_ENTRIES = 100_000;

    /** Failures in a row of one account from one address, and when the last one was. */
    private record Pair(int failures, Instant last) {}

    private final Map<String, Pair> pairs = new LinkedHashMap<>();
    private final Map<String, Deque<Instant>> accounts = new LinkedHashMap<>();
    private final Map<String, Deque<Instant>> addresses = new LinkedHashMap<>();
    private final Clock clock;

    public SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Throws RATE_LIMITED (saying how long to wait) when this attempt must wait; nothing is counted. */
    public synchronized void check(String account, String address) {
        Instant now = clock.instant();
        String a = normalise(account);
        String ip = normalise(address);
        Instant until = now;
        Pair pair = pairs.get(pairKey(a, ip));
        boolean suspect =
                pair != null && pair.failures() > 0 && now.isBefore(pair.last().plus(PAIR_MEMORY));
        if (suspect) {
            until = later(until, pair.last().plus(pairDelay(pair.failures())));
            // held while the account is under attack, but never longer than a window after this address's own failure
            Instant accountFree = freeAt(accounts.get(a), ACCOUNT_FAILURES, ACCOUNT_WINDOW, now);
            until = later(until, earlier(accountFree, pair.last().plus(ACCOUNT_WINDOW)));
        }
        until = later(until, freeAt(addresses.get(ip), ADDRESS_FAILURES, ADDRESS_WINDOW, now));
        if (until.isAfter(now)) {
            long seconds = Math.max(1, (Duration.between(now, until).toMillis() + 999) / 1000);
            throw new DomainException(
                    ErrorCode.RATE_LIMITED,
                    "too many failed sign-ins for this account from this address; try again in " + seconds + " s");
        }
    }

    /** Records a failed attempt (a wrong password, or an unknown account); returns the wait it imposes on the pair. */
    public synchronized Duration failed(String account, String address) {
        Instant now = clock.instant();
        String a = normalise(account);
        String ip = normalise(address);
        String key = pairKey(a, ip);
        Pair before = pairs.remove(key);
        int failures = before == null || !now.isBefore(before.last().plus(PAIR_MEMORY)) ? 1 : before.failures() + 1;
        pairs.put(key, new Pair(failures, now)); // re-inserted: the map's order is the order of last failures
        record(accounts, a, now, ACCOUNT_FAILURES, ACCOUNT_WINDOW);
        record(addresses, ip, now, ADDRESS_FAILURES, ADDRESS_WINDOW);
        bound(now);
        return pairDelay(failures);
    }

    /** A right password: the pair starts again (the account's and the address's recent failures stay counted). */
    public synchronized void succeeded(String account, String address) {
        pairs.remove(pairKey(normalise(account), normalise(address)));
    }

    /** The wait after {@code failures} failures in a row of one pair: none, then 1 s doubling up to the ceiling. */
    static Duration pairDelay(int failures) {
        if (failures < FREE_FAILURES) {
            return Duration.ZERO;
        }
        int exponent = Math.min(failures - FREE_FAILURES, 20);
        Duration delay = Duration.ofSeconds(1L << exponent);
        return delay.compareTo(MAX_PAIR_DELAY) > 0 ? MAX_PAIR_DELAY : delay;
    }

    /** When fewer than {@code limit} of {@code times} fall within {@code window} of the moment (now if already). */
    private static Instant freeAt(Deque<Instant> times, int limit, Duration window, Instant now) {
        if (times == null || times.size() < limit) {
            return now;
        }
        // times holds the last `limit` failures, oldest first: the oldest leaving the window frees a place
        return later(now, times.peekFirst().plus(window));
    }

    private static void record(Map<String, Deque<Instant>> map, String key, Instant now, int limit, Duration window) {
        Deque<Instant> times = map.remove(key);
        if (times == null) {
            times = new ArrayDeque<>(limit);
        }
        while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) {
            times.pollFirst();
        }
        times.addLast(now);
        while (times.size() > limit) {
            times.pollFirst();
        }
        map.put(key, times);
    }

    /** Drops what no rule needs any more, then the oldest entries while a map is over its bound. */
    private void bound(Instant now) {
        if (pairs.size() > MAX_ENTRIES) {
            pairs.values().removeIf(p -> !now.isBefore(p.last().plus(PAIR_MEMORY)));
            trim(pairs);
        }
        if (accounts.size() > MAX_ENTRIES) {
            accounts.values().removeIf(t -> !t.peekLast().plus(ACCOUNT_WINDOW).isAfter(now));
            trim(accounts);
        }
        if (addresses.size() > MAX_ENTRIES) {
            addresses.values().removeIf(t -> !t.peekLast().plus(ADDRESS_WINDOW).isAfter(now));
            trim(addresses);
        }
    }

    private static void trim(Map<String, ?> map) {
        Iterator<String> oldest = map.keySet().iterator();
        while (map.size() > MAX_ENTRIES * 9 / 10 && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Entries kept by the largest of the three rules (for tests of the memory bound). */
    synchronized int kept() {
        return Math.max(pairs.size(), Math.max(accounts.size(), addresses.size()));
    }

    private static String pairKey(String account, String address) {
        return account + '\n' + address;
    }

    private static String normalise(String value) {
        return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    }
}
