package org.siplims.publisher.imagedefinition;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.Manifest;
import org.siplims.core.registry.ManifestMediaTypes;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.TestEnvironment;

/**
 * A linux/arm64 stand-in for {@code continuumio/miniconda3}, so the root Dockerfile can be built
 * here without internet: the real arm64 busybox (run under QEMU) plus small scripts standing in
 * for what the Dockerfile calls: {@code groupadd}/{@code useradd}, {@code conda create} and
 * {@code conda.sh} activation (writing {@code conda-meta/history} with the install's time, as conda does), {@code conda list --explicit} and {@code conda run} (for the
 * publisher's {@code lock --from-image}), the environment's {@code python -m pip install}/{@code pip check}/{@code pip freeze}
 * and the HEALTHCHECK's {@code python -c}, and a {@code streamlit run} that checks its command
 * line and serves the health path and a page describing what it saw. Each stand-in refuses the
 * calls the real Dockerfile must not make (a conda file that is not an explicit lock, pip without
 * {@code --no-deps}, Streamlit not on 0.0.0.0 or with usage statistics on).
 */
final class StandInBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CREATED = "2026-01-01T00:00:00Z";

    private static final String BASH = """
            #!/bin/sh
            # Stand-in for bash: busybox's shell runs the image's POSIX entrypoint.
            exec /bin/sh "$@"
            """;

    private static final String GROUPADD = """
            #!/bin/sh
            # Stand-in groupadd --gid GID NAME
            gid=""; name=""
            while [ $# -gt 0 ]; do case "$1" in --gid|-g) gid="$2"; shift 2;; -*) shift;; *) name="$1"; shift;; esac; done
            grep -q "^$name:" /etc/group || echo "$name:x:$gid:" >> /etc/group
            """;

    private static final String USERADD = """
            #!/bin/sh
            # Stand-in useradd --uid UID --gid GID --create-home --home-dir DIR --shell SHELL NAME
            uid=""; gid=""; home=""; sh=/bin/sh; name=""
            while [ $# -gt 0 ]; do
              case "$1" in
                --uid|-u) uid="$2"; shift 2;; --gid|-g) gid="$2"; shift 2;; --home-dir|-d) home="$2"; shift 2;;
                --shell|-s) sh="$2"; shift 2;; -*) shift;; *) name="$1"; shift;;
              esac
            done
            grep -v "^$name:" /etc/passwd > /tmp/passwd.new; cat /tmp/passwd.new > /etc/passwd; rm /tmp/passwd.new
            echo "$name:x:$uid:$gid:$name:$home:$sh" >> /etc/passwd
            mkdir -p "$home" && chown "$uid:$gid" "$home"
            """;

    private static final String CONDA = """
            #!/bin/sh
            # Stand-in conda: `create --name N --file LOCK` makes an environment holding the stand-in python.
            set -eu
            case "${1:-}" in
              create)
                shift; name=""; file=""
                while [ $# -gt 0 ]; do case "$1" in --name|-n) name="$2"; shift 2;; --file) file="$2"; shift 2;; *) shift;; esac; done
                [ -n "$name" ] && [ -f "$file" ] || { echo "conda stand-in: create needs --name and --file" >&2; exit 2; }
                grep -qx '@EXPLICIT' "$file" || { echo "conda stand-in: $file is not an explicit lock" >&2; exit 1; }
                mkdir -p "/opt/conda/envs/$name/bin"
                cp /opt/stand-in/python "/opt/conda/envs/$name/bin/python"
                cp "$file" "/opt/conda/envs/$name/explicit.txt"
                mkdir -p "/opt/conda/envs/$name/conda-meta"
                { echo "==> $(date '+%Y-%m-%d %H:%M:%S') <=="; echo "# cmd: conda create --name $name --file $file"; } \
                    > "/opt/conda/envs/$name/conda-meta/history"
                grep -c '^https://' "$file" > "/opt/conda/envs/$name/conda-packages"
                echo "conda stand-in: created $name with $(cat /opt/conda/envs/$name/conda-packages) packages";;
              list)
                shift; name=""
                while [ $# -gt 0 ]; do case "$1" in --name|-n) name="$2"; shift 2;; *) shift;; esac; done
                env="/opt/conda/envs/$name"
                [ -f "$env/explicit.txt" ] || { echo "conda stand-in: no environment $name" >&2; exit 1; }
                echo "# This file may be used to create an environment using:"
                echo '# $ conda create --name <env> --file <this file>'
                grep '^# platform:' "$env/explicit.txt"
                echo "@EXPLICIT"
                grep '^https://' "$env/explicit.txt";;
              run)
                shift; name=""
                while [ $# -gt 0 ]; do case "$1" in --name|-n) name="$2"; shift 2;; -*) shift;; *) break;; esac; done
                PATH="/opt/conda/envs/$name/bin:$PATH" exec "$@";;
              clean) echo "conda stand-in: clean";;
              *) echo "conda stand-in: unsupported: $*" >&2; exit 2;;
            esac
            """;

    private static final String CONDA_SH = """
            # Stand-in conda.sh: `conda activate NAME` as the real one does it, for the entrypoint.
            conda() {
              if [ "$1" = activate ]; then
                export CONDA_DEFAULT_ENV="$2" CONDA_PREFIX="/opt/conda/envs/$2" PATH="/opt/conda/envs/$2/bin:$PATH"
              else
                /opt/conda/bin/conda "$@"
              fi
            }
            """;

    private static final String PYTHON = """
            #!/bin/sh
            # Stand-in python: the Dockerfile's pip calls and the HEALTHCHECK's probe.
            set -eu
            bin="$(dirname "$0")"
            if [ "${1:-}" = "-m" ] && [ "${2:-}" = "pip" ]; then
              case "${3:-}" in
                install)
                  case " $* " in *" --no-deps "*) ;; *) echo "pip stand-in: install without --no-deps" >&2; exit 1;; esac
                  req=""; prev=""
                  for a in "$@"; do [ "$prev" = "-r" ] && req="$a"; prev="$a"; done
                  [ -f "$req" ] || { echo "pip stand-in: no requirements file" >&2; exit 1; }
                  grep -q '^streamlit==' "$req" || { echo "pip stand-in: streamlit is not in $req" >&2; exit 1; }
                  cp /opt/stand-in/streamlit "$bin/streamlit"
                  grep -v '^#' "$req" > "$bin/../pip-freeze.txt"
                  echo "pip stand-in: installed $(grep -c '==' "$req") pinned packages";;
                check) echo "No broken requirements found.";;
                freeze) cat "$bin/../pip-freeze.txt";;
                *) echo "pip stand-in: unsupported: $*" >&2; exit 2;;
              esac
              exit 0
            fi
            if [ "${1:-}" = "-c" ]; then
              exec wget -q -O /dev/null http://127.0.0.1:8501/_stcore/health
            fi
            echo "python stand-in: unsupported: $*" >&2
            exit 2
            """;

    private static final String STREAMLIT = """
            #!/bin/sh
            # Stand-in streamlit: checks the entrypoint's command line, then serves the health path and a page.
            set -eu
            [ "${1:-}" = run ] || { echo "streamlit stand-in: expected 'run'" >&2; exit 2; }
            shift
            app=""; for a in "$@"; do app="$a"; done
            for want in --server.address=0.0.0.0 --server.port=8501 --server.headless=true --browser.gatherUsageStats=false; do
              case " $* " in *" $want "*) ;; *) echo "streamlit stand-in: missing $want" >&2; exit 2;; esac
            done
            [ -f "$app" ] || { echo "streamlit stand-in: no app at $app" >&2; exit 2; }
            www=/tmp/stand-in-www; mkdir -p $www/_stcore
            echo ok > $www/_stcore/health
            {
              echo "app=$app"; echo "project=${PROJECT_NAME:-}"; echo "version=${APP_VERSION:-}"
              echo "env=${CONDA_DEFAULT_ENV:-}"; echo "uid=$(id -u)"; echo "home=$HOME"; echo "pwd=$(pwd)"
              for f in /data/*; do echo "file=${f#/data/}"; done
            } > $www/info.txt
            echo "streamlit stand-in: serving $app on 0.0.0.0:8501"
            exec httpd -f -p 8501 -h $www
            """;

    private StandInBase() {
    }

    /** Pushes the stand-in base to the plain registry; returns it pinned by digest. */
    static ImageReference push(TestEnvironment env, RegistryClient client) throws Exception {
        Path rootfs = FixtureImages.busyboxRootfs(env.busyboxArm64());
        for (String applet : List.of("cp", "dirname", "basename", "wc", "sed", "ln", "cut")) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        write(rootfs, "bin/bash", BASH);
        write(rootfs, "usr/sbin/groupadd", GROUPADD);
        write(rootfs, "usr/sbin/useradd", USERADD);
        write(rootfs, "opt/conda/bin/conda", CONDA);
        write(rootfs, "opt/conda/etc/profile.d/conda.sh", CONDA_SH);
        write(rootfs, "opt/stand-in/python", PYTHON);
        write(rootfs, "opt/stand-in/streamlit", STREAMLIT);
        Files.createDirectories(rootfs.resolve("opt/conda/envs"));

        Path tar = rootfs.resolveSibling("stand-in-base.tar");
        Process p = new ProcessBuilder("tar", "--numeric-owner", "--owner=0", "--group=0", "-C", rootfs.toString(), "-cf", tar.toString(), ".")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("tar failed: " + out);
        }
        byte[] plain = Files.readAllBytes(tar);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(gz)) {
            zip.write(plain);
        }
        byte[] layer = gz.toByteArray();

        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", "arm64");
        config.put("variant", "v8");
        config.put("os", "linux");
        config.put("created", CREATED);
        ObjectNode run = config.putObject("config");
        run.putArray("Env").add("PATH=/opt/conda/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").add("LANG=C.UTF-8");
        run.putArray("Cmd").add("/bin/sh");
        ObjectNode rootfsNode = config.putObject("rootfs");
        rootfsNode.put("type", "layers");
        rootfsNode.putArray("diff_ids").add(Digest.of(plain).toString());
        config.putArray("history").addObject().put("created", CREATED).put("created_by", "StandInBase: busybox and stand-ins for miniconda3");
        byte[] configBytes = JSON.writeValueAsBytes(config);

        ImageReference repo = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("stand-in-miniconda3"));
        Digest layerDigest = client.uploadBlob(repo, layer);
        Digest configDigest = client.uploadBlob(repo, configBytes);
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", ManifestMediaTypes.DOCKER_MANIFEST);
        descriptor(manifest.putObject("config"), ManifestMediaTypes.DOCKER_CONFIG, configDigest, configBytes.length);
        descriptor(manifest.putArray("layers").addObject(), ManifestMediaTypes.DOCKER_LAYER_GZIP, layerDigest, layer.length);
        ImageReference tagged = repo.withTag("25.3.1-1");
        Digest digest = client.putManifest(tagged, new Manifest(tagged, ManifestMediaTypes.DOCKER_MANIFEST, JSON.writeValueAsBytes(manifest)));
        return repo.withDigest(digest);
    }

    private static void write(Path rootfs, String relative, String text) throws IOException {
        Path file = rootfs.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void descriptor(ObjectNode node, String mediaType, Digest digest, long size) {
        node.put("mediaType", mediaType);
        node.put("size", size);
        node.put("digest", digest.toString());
    }
}
