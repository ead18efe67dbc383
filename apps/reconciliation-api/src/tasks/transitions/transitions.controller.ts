import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../../auth/caller';
import { Roles } from '../../auth/roles.decorator';
import type { ServedTask } from '../task-resource';
import { TaskTransitions } from './task-transitions.service';
import { TransitionRequest } from './transition.request.dto';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1/tasks')
export class TransitionsController {
  constructor(private readonly transitions: TaskTransitions) {}

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('officer')
  @ApiOperation({
    summary: 'Move a task along its lifecycle',
    description:
      'requested → accepted | rejected; accepted → in-progress | completed | rejected; in-progress → completed | rejected. ' +
      'completed, rejected and cancelled are final; cancelled is for the reconcilers. An illegal transition is a 409 problem; ' +
      'rejecting needs a reason (400 naming `reason`). The change is stored as an event and published as a new Task version.',
  })
  @ApiOkResponse({ description: 'The task after the change (FHIR Task).' })
  transition(@Param('id') id: string, @Body() body: TransitionRequest, @Ctx() ctx: RequestContext): Promise<ServedTask> {
    return this.transitions.transition(id, body.status, body.reason, ctx);
  }
}
