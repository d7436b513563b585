#!/usr/bin/env bash
# Brings up single-node Slurm (munge, slurmctld, slurmd on this host, from Debian's
# packages), runs a small sharded campaign as a job array through
# scripts/slurm/campaign.sbatch, waits for the dependent merge job and checks that the
# merged summary.json equals a local run's. Skips, saying why, where Slurm cannot start.
set -uo pipefail
cd "$(dirname "$0")/.."
skip() { echo "slurm: skipped: $*"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "needs root to start munged, slurmctld and slurmd"
if ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null 2>&1 ||
    skip "cannot install slurm-wlm and munge"
fi
host=$(hostname -s)
mkdir -p /etc/munge /run/munge /var/log/munge /var/lib/munge
[ -f /etc/munge/munge.key ] || mungekey --create >/dev/null 2>&1 || skip "mungekey failed"
chown -R munge:munge /etc/munge /run/munge /var/log/munge /var/lib/munge
chmod 0400 /etc/munge/munge.key
pgrep -x munged >/dev/null || runuser -u munge -- munged || skip "munged did not start"
munge -n | unmunge >/dev/null 2>&1 || skip "munge does not authenticate"
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
chown slurm:slurm /var/spool/slurmctld /var/log/slurm 2>/dev/null || skip "no slurm user"
cat >/etc/slurm/slurm.conf <<CONF
ClusterName=detsim
SlurmctldHost=$host
SlurmUser=slurm
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
MaxArraySize=1001
NodeName=$host CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
pgrep -x slurmctld >/dev/null || slurmctld -c || skip "slurmctld did not start"
pgrep -x slurmd >/dev/null || slurmd || skip "slurmd did not start"
for _ in $(seq 50); do
  state=$(sinfo -h -o %T 2>/dev/null | head -1)
  [ "$state" = "idle" ] && break
  sleep 0.2
done
[ "${state:-}" = "idle" ] || skip "the node did not become idle (state '${state:-none}')"

scratch=$(mktemp -d "$PWD/build/slurm-check.XXXX")
args=(--param agents=20 --param resources=2 --param duration=200ms --param persist=false
      --chaos kill-rate=5/s,restart-after=20ms)
build/detsim campaign swarm --seeds 1..40 --jobs 2 --no-progress --out "$scratch/local" \
  "${args[@]}" >/dev/null
job=$(DETSIM_RUNS="$scratch" sbatch --parsable --wait --array=0-3 --chdir="$PWD" \
  --output="$scratch/slurm-%A_%a.out" scripts/slurm/campaign.sbatch swarm 1..40 "${args[@]}")
job=${job%%;*}
for _ in $(seq 300); do
  [ -f "$scratch/$job/merged/summary.json" ] && ! squeue -h | grep -q . && break
  sleep 0.2
done
scontrol shutdown >/dev/null 2>&1
if ! cmp -s "$scratch/local/summary.json" "$scratch/$job/merged/summary.json"; then
  echo "slurm: FAILED: merged summary differs from the local run" >&2
  diff "$scratch/local/summary.json" "$scratch/$job/merged/summary.json" | head -20 >&2
  exit 1
fi
echo "slurm: 4-task job array + merge job gave the same summary.json as a local run"
rm -rf "$scratch"
