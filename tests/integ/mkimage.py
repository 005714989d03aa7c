#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""mkimage.py SPEC.json OUT -- write a hand-made image for mkbundle tests.

SPEC: {"format": "docker" | "oci" (a layout directory) | "oci-archive",
       "images": [{"ref": "name:tag", "platform": "os/arch[/variant]",
                   "desc_platform": false (only the config says the platform),
                   "config": {...image config "config" object...},
                   "layers": [[ENTRY, ...], ...]}],
       "gzip": bool, "zstd": bool, "corrupt_layer": N, "truncate": N}
ENTRY: {"name": ..., "type": "file|dir|symlink|hardlink|chr|fifo",
        "data": "..." or "src": "host file", "link": "...", "mode": 0o644, "uid": 0, "gid": 0,
        "xattrs": {"security.capability": "HEX"}}
Names are written exactly as given (absolute, "..", whatever the test
wants): that is the point.  corrupt_layer flips a byte of layer N after
its digest was taken; truncate keeps only the archive's first N bytes.
"""
import gzip, hashlib, io, json, os, sys, tarfile

TYPES = {"file": tarfile.REGTYPE, "dir": tarfile.DIRTYPE, "symlink": tarfile.SYMTYPE,
         "hardlink": tarfile.LNKTYPE, "chr": tarfile.CHRTYPE, "fifo": tarfile.FIFOTYPE}


def layer_tar(entries):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for e in entries:
            ti = tarfile.TarInfo(e["name"])
            ti.type = TYPES[e.get("type", "file")]
            ti.mode = e.get("mode", 0o755 if ti.type == tarfile.DIRTYPE else 0o644)
            ti.uid, ti.gid = e.get("uid", 0), e.get("gid", 0)
            ti.mtime = e.get("mtime", 1000000000)
            ti.linkname = e.get("link", "")
            ti.devmajor, ti.devminor = e.get("major", 1), e.get("minor", 3)
            data = open(e["src"], "rb").read() if "src" in e else e.get("data", "").encode()
            ti.size = len(data) if ti.type == tarfile.REGTYPE else 0
            for k, v in e.get("xattrs", {}).items():   # name -> value as hex
                ti.pax_headers["SCHILY.xattr." + k] = bytes.fromhex(v).decode("latin-1")
            t.addfile(ti, io.BytesIO(data) if ti.size else None)
    return buf.getvalue()


def sha(b):
    return hashlib.sha256(b).hexdigest()


def main():
    spec = json.load(open(sys.argv[1]))
    out = sys.argv[2]
    fmt = spec["format"]
    blobs, index, docker = {}, [], []
    for n_img, img in enumerate(spec["images"]):
        raw = [layer_tar(l) for l in img["layers"]]
        comp = [gzip.compress(r, mtime=0) if spec.get("gzip") else r for r in raw]
        if spec.get("zstd"):
            comp = [b"\x28\xb5\x2f\xfd" + r for r in raw]
        osname, arch = img.get("platform", "linux/amd64").split("/")[:2]
        cfg = json.dumps({"architecture": arch, "os": osname, "config": img.get("config", {}),
                          "rootfs": {"type": "layers", "diff_ids": ["sha256:" + sha(r) for r in raw]}}).encode()
        blobs[sha(cfg)] = cfg
        ldescs = []
        for i, c in enumerate(comp):
            d = sha(c)
            if spec.get("corrupt_layer") == i:
                c = bytearray(c); c[len(c) // 2] ^= 1; c = bytes(c)
            blobs[d] = c
            ldescs.append({"mediaType": "application/vnd.oci.image.layer.v1.tar" + ("+gzip" if spec.get("gzip") else ""),
                           "digest": "sha256:" + d, "size": len(c)})
        man = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                          "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                     "digest": "sha256:" + sha(cfg), "size": len(cfg)},
                          "layers": ldescs}).encode()
        blobs[sha(man)] = man
        desc = {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + sha(man),
                "size": len(man)}
        if "platform" in img and img.get("desc_platform", True):
            p = img["platform"].split("/")
            desc["platform"] = {"os": p[0], "architecture": p[1]}
            if len(p) > 2:
                desc["platform"]["variant"] = p[2]
        if "ref" in img:
            desc["annotations"] = {"org.opencontainers.image.ref.name": img["ref"]}
        index.append(desc)
        docker.append({"Config": sha(cfg) + ".json", "RepoTags": [img["ref"]] if "ref" in img else [],
                       "Layers": ["blobs/sha256/" + l["digest"][7:] for l in ldescs]})
    files = {}
    if fmt == "docker":
        files["manifest.json"] = json.dumps(docker).encode()
        for d, b in blobs.items():
            files["blobs/sha256/" + d] = b
            files[d + ".json"] = b
    else:
        files["oci-layout"] = b'{"imageLayoutVersion":"1.0.0"}'
        files["index.json"] = json.dumps({"schemaVersion": 2, "manifests": index}).encode()
        for d, b in blobs.items():
            files["blobs/sha256/" + d] = b
    if fmt == "oci":
        for name, b in files.items():
            os.makedirs(os.path.dirname(os.path.join(out, name)) or out, exist_ok=True)
            open(os.path.join(out, name), "wb").write(b)
        return
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        for name, b in sorted(files.items()):
            ti = tarfile.TarInfo(name)
            ti.size = len(b)
            t.addfile(ti, io.BytesIO(b))
    data = buf.getvalue()
    if spec.get("truncate"):
        data = data[:spec["truncate"]]
    open(out, "wb").write(data)


main()
