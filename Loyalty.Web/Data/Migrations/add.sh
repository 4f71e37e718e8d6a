#!/usr/bin/env bash
# Adds one migration to every provider from the one model, so the two sets never drift apart.
# Usage: Loyalty.Web/Data/Migrations/add.sh AddRewards
set -euo pipefail
name=${1:?usage: add.sh MigrationName}
cd "$(dirname "$0")/../../.."
dotnet tool restore >/dev/null
for provider in Sqlite SqlServer; do
  dotnet ef migrations add "$name" --project Loyalty.Web --context "${provider}LoyaltyDbContext" --output-dir "Data/Migrations/$provider"
done
