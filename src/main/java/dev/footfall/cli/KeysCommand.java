package dev.footfall.cli;

import dev.footfall.Storage;
import dev.footfall.site.ApiKey;
import dev.footfall.site.ApiKeys;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code footfall keys create (--admin | --site DOMAIN)} and {@code keys list}. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Create and list API keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class})
final class KeysCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an API key; prints the secret once.")
    static final class Create implements Callable<Integer> {
        @Mixin DataOptions data;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Scope scope;

        static final class Scope {
            @Option(names = "--admin", required = true, description = "A key that sees and manages every site.") boolean admin;
            @Option(names = "--site", required = true, paramLabel = "DOMAIN", description = "A key that sees one site only.") String site;
        }

        @Option(names = "--name", defaultValue = "cli", description = "A label for the key (default: ${DEFAULT-VALUE}).") String name;

        @Override
        public Integer call() {
            String secret = ApiKeys.newSecret();
            try (Storage storage = data.open()) {
                if (scope.site != null && storage.site(scope.site).isEmpty()) {
                    System.err.println("footfall: no site " + scope.site);
                    return 1;
                }
                storage.addApiKey(ApiKeys.hash(secret), new ApiKey(ApiKeys.prefix(secret), name, Optional.ofNullable(scope.site)));
            }
            System.out.println(secret);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List API keys (prefixes only; secrets are not kept).")
    static final class ListKeys implements Callable<Integer> {
        @Mixin DataOptions data;

        @Override
        public Integer call() {
            try (Storage storage = data.open()) {
                for (ApiKey k : storage.apiKeys()) System.out.println(k.prefix() + "…\t" + k.name() + "\t" + k.siteDomain().orElse("admin"));
            }
            return 0;
        }
    }
}
