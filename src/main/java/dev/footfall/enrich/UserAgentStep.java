package dev.footfall.enrich;

/** Device, browser and OS from the user agent; robots, headless browsers and HTTP libraries are dropped. */
public final class UserAgentStep implements Step {
    private final UserAgents userAgents;

    public UserAgentStep(UserAgents userAgents) {
        this.userAgents = userAgents;
    }

    @Override
    public String name() {
        return "user_agent";
    }

    @Override
    public void apply(EventDraft draft) {
        var client = userAgents.classify(draft.userAgent);
        if (client == null) draft.drop(DropReason.BOT);
        else draft.client = client;
    }
}
