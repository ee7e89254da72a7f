package io.rewardstream.app.config;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Recognises secret settings so that no log line or HTTP answer shows them: keys a {@link
 * ConfigDef} declares as {@code PASSWORD}, keys with a word that says secret ({@code password},
 * {@code secret}, {@code token}, {@code jaas}, {@code credential}, {@code user.info}, {@code
 * api.key}, ...; {@code score.every-tokens} is not one), and the user-info part of URLs.
 */
public final class Secrets {
  public static final String MASK = "[hidden]";

  private static final Set<String> SECRET_WORDS =
      Set.of("password", "passphrase", "secret", "token", "jaas", "credential");
  private static final Pattern SECRET_PHRASE =
      Pattern.compile("(?i)(^|.*[._-])(user\\.info|api\\.key|ssl\\.keystore\\.key)([._-].*|$)");
  private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)[^/@\\s,]+@");

  private final Set<String> passwordKeys = new HashSet<>();

  public Secrets(Collection<ConfigDef> definitions) {
    for (ConfigDef definition : definitions) {
      definition
          .configKeys()
          .forEach(
              (name, key) -> {
                if (key.type == ConfigDef.Type.PASSWORD) {
                  passwordKeys.add(name);
                }
              });
    }
  }

  /** Whether {@code key} holds a secret. */
  public boolean isSecret(String key) {
    if (passwordKeys.contains(key) || SECRET_PHRASE.matcher(key).matches()) {
      return true;
    }
    for (String word : key.toLowerCase(Locale.ROOT).split("[._-]")) {
      if (SECRET_WORDS.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** {@code value}, or the mask when {@code key} is secret; user-info in URLs is masked too. */
  public String display(String key, String value) {
    if (value == null) {
      return null;
    }
    if (isSecret(key)) {
      return MASK;
    }
    return URL_USER_INFO.matcher(value).replaceAll(MASK + "@");
  }
}
