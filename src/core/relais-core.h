/* relais-core.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "relais-access-rules.h"
#include "relais-doc.h"
#include "relais-json.h"
#include "relais-merge.h"
#include "relais-referential.h"
#include "relais-rev.h"
#include "relais-selector.h"
#include "relais-malloc.h"
