package dev.footfall.query;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The oracle's own reading of Plausible's channel rules (lib/plausible/ingestion/acquisition.ex):
 * plain Java over one visit's source and UTM tags, sharing only the data files of source categories
 * with the engine, never its SQL.
 */
final class OracleChannels {
    private static final Map<String, String> CATEGORY = new HashMap<>();
    private static final Set<String> PAID_SOURCES = Set.of("adwords", "facebook-ads", "facebook_ad", "facebook_ads", "facebook_feed_ad",
            "fb-ads", "fbad", "fbads", "gads", "google ads", "google-ads", "google_ads", "googleads", "reddit-ads", "tiktokads",
            "twitter-ads", "yt-ads");
    private static final Pattern PAID_MEDIUM = Pattern.compile("^(.*cp.*|ppc|retargeting|paid.*)$");
    private static final Pattern SHOPPING_CAMPAIGN = Pattern.compile("^(.*(([^a-df-z]|^)shop|shopping).*)$");

    static {
        for (String file : List.of("ga4-source-categories.csv", "channel-sources-extra.csv")) {
            try (InputStream in = OracleChannels.class.getResourceAsStream("/dev/footfall/store/sql/" + file);
                 BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.isBlank() || line.startsWith("#")) continue;
                    String[] parts = line.split(",(?=SOURCE_CATEGORY_)");
                    CATEGORY.put(parts[0], parts[1]);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private OracleChannels() {}

    static String of(String sourceIn, String mediumIn, String campaignIn, String utmSourceIn) {
        String source = sourceIn.toLowerCase(Locale.ROOT), medium = mediumIn.toLowerCase(Locale.ROOT);
        String campaign = campaignIn.toLowerCase(Locale.ROOT), utmSource = utmSourceIn.toLowerCase(Locale.ROOT);
        String category = CATEGORY.getOrDefault(source, "");
        boolean paidMedium = PAID_MEDIUM.matcher(medium).matches();
        boolean paidSource = PAID_SOURCES.contains(utmSource);
        boolean shopping = category.equals("SOURCE_CATEGORY_SHOPPING") || SHOPPING_CAMPAIGN.matcher(campaign).matches();
        boolean search = category.equals("SOURCE_CATEGORY_SEARCH");
        boolean social = category.equals("SOURCE_CATEGORY_SOCIAL");
        boolean video = category.equals("SOURCE_CATEGORY_VIDEO");
        List<String> emailTags = List.of("email", "e-mail", "e_mail", "e mail", "newsletter");
        if (campaign.contains("cross-network")) return "Cross-network";
        if (shopping && paidMedium) return "Paid Shopping";
        if (search && (paidMedium || paidSource)) return "Paid Search";
        if (social && (paidMedium || paidSource)) return "Paid Social";
        if (video && (paidMedium || paidSource)) return "Paid Video";
        if (List.of("display", "banner", "expandable", "interstitial", "cpm").contains(medium)) return "Display";
        if (paidMedium) return "Paid Other";
        if (shopping) return "Organic Shopping";
        if (social || List.of("social", "social-network", "social-media", "sm", "social network", "social media").contains(medium)) return "Organic Social";
        if (video || medium.contains("video")) return "Organic Video";
        if (category.equals("SOURCE_CATEGORY_AI_ASSISTANTS")) return "AI Assistants";
        if (search) return "Organic Search";
        if (category.equals("SOURCE_CATEGORY_EMAIL") || emailTags.stream().anyMatch(t -> utmSource.contains(t) || medium.contains(t))) return "Email";
        if (medium.equals("affiliate")) return "Affiliates";
        if (medium.equals("audio")) return "Audio";
        if (utmSource.equals("sms") || medium.equals("sms")) return "SMS";
        if (medium.endsWith("push") || medium.contains("mobile") || medium.contains("notification") || source.equals("firebase")) {
            return "Mobile Push Notifications";
        }
        if (List.of("referral", "app", "link").contains(medium) || !source.isEmpty()) return "Referral";
        return "Direct";
    }
}
