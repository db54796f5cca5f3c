import { Module } from '@nestjs/common';
import { SearchModule } from '../search/search.module';
import { SearchAdminController } from './search-admin.controller';

@Module({ imports: [SearchModule], controllers: [SearchAdminController] })
export class AdminModule {}
